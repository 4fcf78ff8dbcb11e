// Accuracy cells of the Compare page: pass@1 with its cluster-bootstrap interval and pass@k with its own, from the
// task types of one series and split (how many tasks had `attempts` graded final attempts, `correct` of them right).
// Pure: getComparison reads the task types, these turn them into numbers and notes.
import { bootstrapRatioCI, type RatioInterval } from "@/lib/stats/bootstrap";
import { passAtK, type TaskType } from "@/lib/stats/pass-at-k";

export type PassK = {
  k: number;
  /** Mean over the tasks with at least k graded rollouts of the unbiased pass@k (Chen et al.). */
  value: number | null;
  /** Tasks it is the mean over. */
  n: number;
  /** 95% bootstrap interval over those tasks (seeded like pass@1's). */
  ci: RatioInterval | null;
  /** Why it is missing or covers fewer tasks than pass@1 (k above the rollouts of some or every task). */
  note: string | null;
};

export type AccuracyCell = {
  series: string;
  /** Split name as the paper writes it ("GAIA-L1", "GAIA" for all its levels, "HLE"), or "All" over every split. */
  benchmark: string;
  trajectories: number;
  graded: number;
  correct: number;
  tasks: number;
  /** pass@1 averaged over rollouts: correct / graded. */
  pass1: number | null;
  /**
   * 95% cluster-bootstrap interval over tasks (1000 resamples, seeded by series and benchmark); `method` "normal" when
   * the resampled sums were drawn from their normal limit (200+ tasks, lib/stats/bootstrap).
   */
  ci: RatioInterval | null;
  passK: PassK;
  /**
   * Why a number is missing or means less than it seems: "no trajectories", "no graded trajectories", "one task only:
   * no interval", "one graded rollout only: no interval", or which levels / benchmarks a whole-benchmark or "All"
   * number leaves out because the series has no trajectories there while other series do.
   */
  note: string | null;
};


/** `tasks` tasks of one run and split with `attempts` graded final attempts, `correct` of them right; `trajectories`: their final attempts in all. */
export type TaskTypeRow = { runId: number; benchmark: string; level: string | null; trajectories: number; attempts: number; correct: number; tasks: number };

/** pass@k over task types with its interval and, when it covers fewer tasks than pass@1 or none, why. Pure. */
export function passKCell(seed: string, types: readonly TaskType[], k: number): PassK {
  const graded = types.filter((t) => t.attempts > 0);
  const tasks = graded.reduce((a, t) => a + t.tasks, 0);
  const units = graded.flatMap((t) => {
    const p = passAtK(t.attempts, t.correct, k);
    return p === null ? [] : [{ numerator: p, denominator: 1, count: t.tasks }];
  });
  const n = units.reduce((a, u) => a + u.count, 0);
  const value = n ? units.reduce((a, u) => a + u.numerator * u.count, 0) / n : null;
  const most = graded.reduce((a, t) => Math.max(a, t.attempts), 0);
  let note: string | null = null;
  if (tasks === 0) note = "no graded trajectories";
  else if (n === 0) note = `pass@${k} needs ${k} graded rollouts of a task; ${most === 1 ? "every task here has one" : `the most any task here has is ${most}`}`;
  else if (n < tasks) note = `pass@${k} over the ${n} of ${tasks} tasks with at least ${k} graded rollouts`;
  else if (n === 1) note = "one task only: no interval";
  return { k, value, n, ci: n ? bootstrapRatioCI(units, { seed: `${seed}/pass@${k}` }) : null, note };
}

/** pass@1 of one series and split (or "All") from its task types, with its interval and note; no pass@k. Pure. */
export function pass1Cell(series: string, benchmark: string, rows: readonly TaskTypeRow[]): Omit<AccuracyCell, "passK"> {
  const trajectories = rows.reduce((a, r) => a + r.trajectories, 0);
  const graded = rows.reduce((a, t) => a + t.attempts * t.tasks, 0);
  const correct = rows.reduce((a, t) => a + t.correct * t.tasks, 0);
  const tasks = rows.filter((t) => t.attempts > 0).reduce((a, t) => a + t.tasks, 0);
  const ci = bootstrapRatioCI(rows.map((t) => ({ numerator: t.correct, denominator: t.attempts, count: t.tasks })), { seed: `compare/${series}/${benchmark}` });
  const note = trajectories === 0 ? "no trajectories"
    : graded === 0 ? "no graded trajectories"
    : ci !== null ? null
    : graded === 1 ? "one graded rollout only: no interval"
    : "one task only: no interval";
  return { series, benchmark, trajectories, graded, correct, tasks, pass1: graded ? correct / graded : null, ci, note };
}

/** Accuracy cells of one series and one split (or "All") from its task types: pass@1 and pass@k. Pure. */
export function accuracyCell(series: string, benchmark: string, rows: readonly TaskTypeRow[], k: number): AccuracyCell {
  const types: TaskType[] = rows.map((r) => ({ attempts: r.attempts, correct: r.correct, tasks: r.tasks }));
  const { note, ...cell } = pass1Cell(series, benchmark, rows);
  return { ...cell, passK: passKCell(`compare/${series}/${benchmark}`, types, k), note };
}
