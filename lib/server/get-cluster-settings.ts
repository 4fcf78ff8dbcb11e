import "server-only";
import { localJobsDir, slurmConfigFromEnv } from "@/lib/cluster/config";
import type { ClusterSettingsView } from "@/lib/cluster/cluster-settings-schema";
import { getPrisma } from "@/lib/db/prisma";
import { effectiveSlurmConfig } from "@/lib/server/cluster-backend";

/** The backends in use, as Settings and the Jobs pages show them: where each value comes from, never a token. */
export async function getClusterSettings(): Promise<ClusterSettingsView> {
  const slurm = await effectiveSlurmConfig().catch(() => null);
  const row = slurm ? null : await getPrisma().clusterSetting.findUnique({ where: { backend: "slurm" } });
  const updatedBy = slurm?.updatedById ?? row?.updatedById;
  const editor = updatedBy ? await getPrisma().user.findUnique({ where: { id: updatedBy }, select: { email: true } }) : null;
  const c = slurm?.config;
  return {
    local: { jobsDir: localJobsDir() },
    slurm: c
      ? {
          source: slurm.source,
          url: c.url,
          user: c.user,
          credentials: slurm.tokenSaved ? "token saved in Settings (encrypted)" : c.jwt ? "static token (SLURM_JWT)" : c.jwtCommand ? "minted by SLURM_JWT_COMMAND" : "none",
          partition: c.partition,
          account: c.account,
          jobDir: c.jobDir,
          apiVersion: c.apiVersion,
          updatedAt: slurm.updatedAt?.toISOString() ?? null,
          updatedBy: editor?.email ?? null,
        }
      : row
        ? {
            // Saved, but its token cannot be opened with this server's secret: show it so it can be fixed.
            source: "settings",
            url: row.url,
            user: row.userName,
            credentials: "saved token unreadable with this server's secret: enter it again",
            partition: row.partition,
            account: row.account,
            jobDir: row.jobDir ?? "",
            apiVersion: row.apiVersion,
            updatedAt: row.updatedAt.toISOString(),
            updatedBy: editor?.email ?? null,
          }
        : null,
    environmentSlurm: slurmConfigFromEnv() !== null,
  };
}
