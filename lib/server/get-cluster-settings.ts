import "server-only";
import { localJobsDir, slurmConfigFromEnv } from "@/lib/cluster/config";
import type { ClusterSettingsView } from "@/lib/cluster/cluster-settings-schema";
import { ClusterRequestError } from "@/lib/cluster/types";
import { getPrisma } from "@/lib/db/prisma";
import { effectiveSlurmConfig } from "@/lib/server/cluster-backend";

type SlurmView = NonNullable<ClusterSettingsView["slurm"]>;

/** The backends in use, as Settings and the Jobs pages show them: where each value comes from, never a token. */
export async function getClusterSettings(): Promise<ClusterSettingsView> {
  return {
    local: { jobsDir: localJobsDir() },
    slurm: await slurmView(),
    environmentSlurm: slurmConfigFromEnv() !== null,
  };
}

async function slurmView(): Promise<SlurmView | null> {
  const prisma = getPrisma();
  const editor = async (id: string | null) => (id ? ((await prisma.user.findUnique({ where: { id }, select: { email: true } }))?.email ?? null) : null);
  try {
    const slurm = await effectiveSlurmConfig();
    if (!slurm) return null;
    const c = slurm.config;
    return {
      source: slurm.source,
      url: c.url,
      user: c.user,
      credentials: slurm.tokenSaved ? "token saved in Settings (encrypted)" : c.jwt ? "static token (SLURM_JWT)" : c.jwtCommand ? "minted by SLURM_JWT_COMMAND" : "none",
      partition: c.partition,
      account: c.account,
      jobDir: c.jobDir,
      apiVersion: c.apiVersion,
      updatedAt: slurm.updatedAt?.toISOString() ?? null,
      updatedBy: await editor(slurm.updatedById),
    };
  } catch (error) {
    if (!(error instanceof ClusterRequestError)) throw error;
    // Saved, but its token cannot be opened with this server's secret: show it so that it can be fixed.
    const row = await prisma.clusterSetting.findUniqueOrThrow({ where: { backend: "slurm" } });
    return {
      source: "settings",
      url: row.url,
      user: row.userName,
      credentials: "saved token unreadable with this server's secret: enter it again",
      partition: row.partition,
      account: row.account,
      jobDir: row.jobDir ?? "",
      apiVersion: row.apiVersion,
      updatedAt: row.updatedAt.toISOString(),
      updatedBy: await editor(row.updatedById),
    };
  }
}
