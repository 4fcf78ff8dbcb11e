import "server-only";
import { localJobsDir, slurmConfigFromEnv } from "@/lib/cluster/config";
import type { ClusterSettingsView } from "@/lib/cluster/cluster-settings-schema";
import { ClusterRequestError } from "@/lib/cluster/types";
import { getPrisma } from "@/lib/db/prisma";
import { effectiveSlurmConfig, slurmConfigFromSettings } from "@/lib/server/cluster-backend";

/** The backends in use, as Settings and the Jobs pages show them: where each value comes from, never a token. */
export async function getClusterSettings(): Promise<ClusterSettingsView> {
  return {
    local: { jobsDir: localJobsDir() },
    slurm: await slurmView(),
    environmentSlurm: slurmConfigFromEnv() !== null,
  };
}

async function slurmView(): Promise<ClusterSettingsView["slurm"]> {
  const prisma = getPrisma();
  let slurm;
  let credentials: string;
  try {
    slurm = await effectiveSlurmConfig();
    if (!slurm) return null;
    const c = slurm.config;
    credentials = slurm.tokenSaved ? "token saved in Settings (encrypted)" : c.jwt ? "static token (SLURM_JWT)" : c.jwtCommand ? "minted by SLURM_JWT_COMMAND" : "none";
  } catch (error) {
    if (!(error instanceof ClusterRequestError)) throw error;
    // Saved, but its token cannot be opened with this server's secret: show the rest, so that it can be fixed.
    const row = await prisma.clusterSetting.findUniqueOrThrow({ where: { backend: "slurm" } });
    slurm = { config: slurmConfigFromSettings({ ...row, user: row.userName }, { saved: null }).config, source: "settings" as const, updatedAt: row.updatedAt, updatedById: row.updatedById };
    credentials = "saved token unreadable with this server's secret: enter it again";
  }
  const { config: c, source, updatedAt, updatedById } = slurm;
  const editor = updatedById ? await prisma.user.findUnique({ where: { id: updatedById }, select: { email: true } }) : null;
  return {
    source,
    url: c.url,
    user: c.user,
    credentials,
    partition: c.partition,
    account: c.account,
    jobDir: c.jobDir,
    jobDirShared: c.jobDirShared,
    apiVersion: c.apiVersion,
    updatedAt: updatedAt?.toISOString() ?? null,
    updatedBy: editor?.email ?? null,
  };
}
