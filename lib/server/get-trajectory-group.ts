import "server-only";
import { getPool } from "@/lib/db/pool";
import type { TrajectoryGroup } from "@/lib/trajectory-schemas";

export type { TrajectoryGroup };

/**
 * The GRPO group of a trajectory: every trajectory of its run with the same groupKey (first attempts and refined
 * retries; lib/reagent/grpo.ts decides how they pool). Null when the trajectory is missing or has no group.
 */
export async function getTrajectoryGroup(id: number): Promise<TrajectoryGroup | null> {
  const { rows } = await getPool().query<TrajectoryGroup["rollouts"][number] & { groupKey: string; runId: number; runName: string; variant: string; lambda: number | null }>(
    `SELECT g.id, g.stage::text AS stage, g."rolloutIndex", g."parentId", g."ruleReward", g.correct, g."rrmScore",
            left(g."finalAnswer", 200) AS "finalAnswer", g."stepCount", g."trainingStep",
            t."groupKey", r.id AS "runId", r.name AS "runName", r.variant::text AS variant, r.lambda
     FROM "Trajectory" t
     JOIN "Run" r ON r.id = t."runId"
     JOIN "Trajectory" g ON g."runId" = t."runId" AND g."groupKey" = t."groupKey"
     WHERE t.id = $1
     ORDER BY g.stage, g."rolloutIndex", g.id`,
    [id],
  );
  if (!rows.length) return null;
  const first = rows[0];
  return {
    groupKey: first.groupKey,
    run: { id: first.runId, name: first.runName, variant: first.variant, lambda: first.lambda },
    rollouts: rows.map(({ groupKey: _g, runId: _r, runName: _n, variant: _v, lambda: _l, ...rollout }) => rollout),
  };
}
