// Which trajectory of a run stands for it on one task of the task delta table. Pure.
//
// A run solves a task when more than half of its graded final attempts are correct; the pair view must show that
// outcome, so the representative is a correct final attempt of a side that solved the task and an incorrect one of a
// side that failed it (the lowest id of that kind). A fixed task then opens the baseline's wrong attempt beside the
// run's right one, and a broken task the other way round.

export type TaskAttempts = {
  /** Majority outcome of the graded final attempts; null when none is graded. */
  solved: boolean | null;
  /** Lowest-id correct final attempt, if any. */
  correctTrajectoryId: number | null;
  /** Lowest-id incorrect final attempt, if any. */
  incorrectTrajectoryId: number | null;
  /** Lowest-id final attempt of any outcome. */
  firstTrajectoryId: number;
};

export function representativeAttempt(a: TaskAttempts): number {
  if (a.solved === true) return a.correctTrajectoryId ?? a.firstTrajectoryId;
  if (a.solved === false) return a.incorrectTrajectoryId ?? a.firstTrajectoryId;
  return a.firstTrajectoryId;
}
