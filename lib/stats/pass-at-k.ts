// pass@k, the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on Code", eq. 1). Pure.

/** C(n, k) as a float (exact for the small n of rollouts). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) r = (r * (n - Math.min(k, n - k) + i)) / i;
  return r;
}

/**
 * Probability that at least one of k attempts drawn without replacement from n attempts (c correct) is correct:
 * 1 − C(n−c, k) / C(n, k), computed as a stable product. Null when k > n (not estimable).
 */
export function passAtK(n: number, c: number, k: number): number | null {
  if (k < 1 || k > n || c < 0 || c > n) return null;
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/** One kind of task: `attempts` graded rollouts of which `correct` are right, and how many tasks are like this. */
export type TaskType = { attempts: number; correct: number; tasks: number };

/** Mean pass@k over tasks; tasks with fewer than k attempts are left out. `n` says how many tasks counted. */
export function meanPassAtK(types: readonly TaskType[], k: number): { value: number | null; n: number } {
  let sum = 0;
  let n = 0;
  for (const t of types) {
    const p = passAtK(t.attempts, t.correct, k);
    if (p === null) continue;
    sum += p * t.tasks;
    n += t.tasks;
  }
  return { value: n === 0 ? null : sum / n, n };
}
