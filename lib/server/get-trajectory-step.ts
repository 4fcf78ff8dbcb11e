import "server-only";
import { getPool } from "@/lib/db/pool";
import type { Step } from "@/lib/formats/trajectory-schema";

/** One step of a trajectory in full (the reader's "show all" for a long tool output). Null when there is none. */
export async function getTrajectoryStep(id: number, index: number): Promise<Step | null> {
  const { rows } = await getPool().query<{ step: Step | null }>(
    `SELECT b.steps -> $2::int AS step FROM "TrajectoryBody" b WHERE b."trajectoryId" = $1 AND jsonb_typeof(b.steps) = 'array'`,
    [id, index],
  );
  return rows[0]?.step ?? null;
}
