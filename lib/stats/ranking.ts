// Within-group ranking accuracy of a reward model. Pure.

export type GroupMember = { score: number | null; correct: boolean | null };

export type RankingTally = {
  /** Correct/incorrect pairs in the same group where both are scored. */
  pairs: number;
  /** Pairs where the correct rollout scored higher; a tie counts ½. */
  wins: number;
  /** Groups with at least one such pair. */
  informativeGroups: number;
  /** Groups with no such pair: all correct, all incorrect, or unscored. */
  uninformativeGroups: number;
};

/** Tally of one group: every (correct, incorrect) pair of scored, graded members. */
export function rankGroup(members: readonly GroupMember[]): RankingTally {
  const pos = members.filter((m) => m.correct === true && m.score !== null).map((m) => m.score!);
  const neg = members.filter((m) => m.correct === false && m.score !== null).map((m) => m.score!);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  const pairs = pos.length * neg.length;
  return { pairs, wins, informativeGroups: pairs > 0 ? 1 : 0, uninformativeGroups: pairs > 0 ? 0 : 1 };
}

export function addTallies(a: RankingTally, b: RankingTally): RankingTally {
  return {
    pairs: a.pairs + b.pairs,
    wins: a.wins + b.wins,
    informativeGroups: a.informativeGroups + b.informativeGroups,
    uninformativeGroups: a.uninformativeGroups + b.uninformativeGroups,
  };
}

/** How often a correct rollout outranks an incorrect one of the same group, over all groups; null with no pair. */
export function rankingAccuracy(groups: readonly (readonly GroupMember[])[]): RankingTally & { accuracy: number | null } {
  const t = groups.map(rankGroup).reduce(addTallies, { pairs: 0, wins: 0, informativeGroups: 0, uninformativeGroups: 0 });
  return { ...t, accuracy: t.pairs ? t.wins / t.pairs : null };
}
