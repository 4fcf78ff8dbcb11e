// Accuracy bookkeeping shared by the runs pages and the API. Pure: no I/O.

/** Counts of one group of evaluated trajectories. `graded` excludes trajectories whose correctness is unknown. */
export type OutcomeCounts = {
  trajectories: number;
  graded: number;
  correct: number;
  judged: number;
  /** Sum of RRM scores over the judged trajectories. */
  scoreSum: number;
};

export const emptyCounts = (): OutcomeCounts => ({ trajectories: 0, graded: 0, correct: 0, judged: 0, scoreSum: 0 });

export function addCounts(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  return {
    trajectories: a.trajectories + b.trajectories,
    graded: a.graded + b.graded,
    correct: a.correct + b.correct,
    judged: a.judged + b.judged,
    scoreSum: a.scoreSum + b.scoreSum,
  };
}

/** pass@1 averaged over rollouts: the share of graded attempts that are correct; null when none is graded. */
export function accuracy(counts: OutcomeCounts): number | null {
  return counts.graded === 0 ? null : counts.correct / counts.graded;
}

/** Mean RRM score over judged trajectories; null when none is judged. */
export function meanScore(counts: OutcomeCounts): number | null {
  return counts.judged === 0 ? null : counts.scoreSum / counts.judged;
}
