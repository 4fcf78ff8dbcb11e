import "server-only";
import { getPrisma } from "@/lib/db/prisma";

/** Forgets Settings → Cluster's Slurm configuration: the environment's SLURM_* apply again (if set). */
export async function deleteSlurmSettings(): Promise<{ deleted: boolean }> {
  const { count } = await getPrisma().clusterSetting.deleteMany({ where: { backend: "slurm" } });
  return { deleted: count > 0 };
}
