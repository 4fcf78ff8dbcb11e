import "server-only";
import { getPool } from "@/lib/db/pool";
import { exportTrajectory } from "@/lib/server/export-run";

export type RawTrajectory = { fileName: string; body: string; format: string };

/**
 * The source record of a trajectory as it was imported (other formats keep it verbatim), or, for native imports and
 * demo data (which store no copy), the native record rebuilt as export writes it. Null when there is no trajectory.
 */
export async function getTrajectoryRaw(id: number): Promise<RawTrajectory | null> {
  const { rows } = await getPool().query<{ rawSource: string | null; sourceFormat: string | null }>(
    `SELECT b."rawSource", b."sourceFormat" FROM "Trajectory" t LEFT JOIN "TrajectoryBody" b ON b."trajectoryId" = t.id WHERE t.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  if (typeof row.rawSource === "string") {
    const format = row.sourceFormat ?? "native";
    const isJson = /^\s*[[{]/.test(row.rawSource);
    return { fileName: `trajectory-${id}.${format.replace(/[^a-z0-9-]/gi, "_")}.${isJson ? "json" : "txt"}`, body: row.rawSource, format };
  }
  const record = await exportTrajectory(id);
  return record && { fileName: `trajectory-${id}.native.json`, body: JSON.stringify(record), format: "native" };
}
