// Rewards and GRPO advantages as Reagent computes them (verl's GRPO estimator). Pure: no I/O.
//   Reagent-R: r = r_rule + λ · s_rrm
//   advantage: A_i = (r_i − mean_g) / (std_g + 1e-6), std unbiased (n − 1); a group of one gets 0.
//   Reagent-U: the n first attempts of a prompt and their n critique-refined retries form ONE group of 2n.

export const GRPO_EPSILON = 1e-6;
export const PAPER_LAMBDA = 0.3;

/**
 * The Reagent-R reward. Without an RRM score the reward is the rule reward alone, which is what training sees
 * when the RRM did not answer.
 */
export function combinedReward(ruleReward: number, rrmScore: number | null | undefined, lambda: number): number {
  return ruleReward + (rrmScore === null || rrmScore === undefined ? 0 : lambda * rrmScore);
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : Number.NaN;
}

/** Sample standard deviation (n − 1 in the denominator), as torch.std; 0 for fewer than two values. */
export function unbiasedStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** GRPO advantages of one group's rewards, in the same order. */
export function groupAdvantages(rewards: readonly number[]): number[] {
  if (rewards.length <= 1) return rewards.map(() => 0);
  const m = mean(rewards);
  const s = unbiasedStd(rewards);
  return rewards.map((r) => (r - m) / (s + GRPO_EPSILON));
}

export type Rollout = {
  id: number;
  /** Rollouts of the same prompt (and training step) share it. */
  groupKey: string;
  stage: "initial" | "refined";
  ruleReward: number;
  rrmScore: number | null;
};

export type ScoredRollout = Rollout & { reward: number; advantage: number; groupSize: number; pooledGroup: string };

/**
 * Rewards and advantages for a set of rollouts at a given λ. Without pooling, first attempts and refined retries of a
 * prompt are separate groups (as in Reagent-C style sampling); with `pool: true` (Reagent-U) they form one group.
 * Results keep the input order.
 */
export function scoreRollouts(rollouts: readonly Rollout[], { lambda, pool }: { lambda: number; pool: boolean }): ScoredRollout[] {
  const groupOf = (r: Rollout) => (pool ? r.groupKey : `${r.groupKey}#${r.stage}`);
  const members = new Map<string, number[]>();
  rollouts.forEach((rollout, index) => {
    const key = groupOf(rollout);
    members.set(key, [...(members.get(key) ?? []), index]);
  });
  const rewards = rollouts.map((r) => combinedReward(r.ruleReward, r.rrmScore, lambda));
  const advantages = new Array<number>(rollouts.length).fill(0);
  for (const indices of members.values()) {
    const groupValues = groupAdvantages(indices.map((i) => rewards[i]));
    indices.forEach((i, k) => (advantages[i] = groupValues[k]));
  }
  return rollouts.map((rollout, i) => ({
    ...rollout,
    reward: rewards[i],
    advantage: advantages[i],
    groupSize: members.get(groupOf(rollout))!.length,
    pooledGroup: groupOf(rollout),
  }));
}
