import "server-only";
import path from "node:path";
import { open } from "@/lib/auth/secret-box";
import { defaultSlurmJobDir, localBackend, sameOrigin, slurmBackend, slurmConfigFromEnv, slurmTokenContext } from "@/lib/cluster/config";
import type { SlurmConfig } from "@/lib/cluster/slurm";
import { type ClusterBackend, type ClusterBackendName, ClusterRequestError } from "@/lib/cluster/types";
import { getPrisma } from "@/lib/db/prisma";

export type EffectiveSlurmConfig = { config: SlurmConfig; source: "settings" | "environment"; tokenSaved: boolean; updatedAt: Date | null; updatedById: string | null };

type SlurmFields = { url: string; user: string; partition: string | null; account: string | null; jobDir: string | null; jobDirShared: boolean; apiVersion: string | null };

/**
 * A Slurm configuration from Settings' fields (saved, or being edited). Its token: the one typed, else the saved one
 * if it was saved for this same server, else the environment's SLURM_JWT / SLURM_JWT_COMMAND if SLURM_REST_URL is this
 * same server. A token is never sent to another server, and a command only ever comes from the environment (the
 * browser cannot set one). `unreadableToken`: a token saved for this server that this server's secret cannot open.
 */
export function slurmConfigFromSettings(fields: SlurmFields, { typedToken, saved }: { typedToken?: string; saved: { url: string; tokenCipher: string | null } | null }): { config: SlurmConfig; unreadableToken: boolean } {
  const env = slurmConfigFromEnv();
  const envCredentials = env && sameOrigin(env.url, fields.url) ? env : null;
  const savedHere = saved?.tokenCipher && sameOrigin(saved.url, fields.url) ? saved.tokenCipher : null;
  const opened = savedHere ? open(savedHere, slurmTokenContext(saved!.url)) : null;
  return {
    config: {
      url: fields.url,
      user: fields.user,
      jwt: typedToken || opened || envCredentials?.jwt || null,
      jwtCommand: envCredentials?.jwtCommand ?? null,
      partition: fields.partition,
      account: fields.account,
      jobDir: path.resolve(/*turbopackIgnore: true*/ fields.jobDir ?? env?.jobDir ?? defaultSlurmJobDir()),
      jobDirShared: fields.jobDirShared,
      apiVersion: fields.apiVersion,
    },
    unreadableToken: !!savedHere && opened === null,
  };
}

/** Slurm as configured in Settings → Cluster, else by the environment; null when neither names a slurmrestd. */
export async function effectiveSlurmConfig(): Promise<EffectiveSlurmConfig | null> {
  const row = await getPrisma().clusterSetting.findUnique({ where: { backend: "slurm" } });
  if (!row) {
    const env = slurmConfigFromEnv();
    return env && { config: env, source: "environment", tokenSaved: false, updatedAt: null, updatedById: null };
  }
  const { config, unreadableToken } = slurmConfigFromSettings({ ...row, user: row.userName }, { saved: row });
  if (unreadableToken) {
    throw new ClusterRequestError("The Slurm token saved in Settings cannot be read with this server's secret (was BETTER_AUTH_SECRET changed?): enter it again in Settings → Cluster");
  }
  return { config, source: "settings", tokenSaved: !!row.tokenCipher, updatedAt: row.updatedAt, updatedById: row.updatedById };
}

/** Whether Slurm is configured at all (Settings or environment), whether or not that configuration works. */
export async function slurmConfigured(): Promise<boolean> {
  return !!slurmConfigFromEnv() || (await getPrisma().clusterSetting.count({ where: { backend: "slurm" } })) > 0;
}

export const SLURM_NOT_CONFIGURED =
  "The slurm backend is not configured: set it up in Settings → Cluster, or set SLURM_REST_URL, SLURM_USER_NAME and SLURM_JWT (or SLURM_JWT_COMMAND)";

/**
 * The backend a submitted job lives on: where it was sent (its schedulerUrl), whatever the configuration says now. A
 * Slurm job sent to another slurmrestd than the one configured is not followed (ClusterRequestError saying so):
 * asking the wrong scheduler would report another job of the same id, or call the job lost.
 */
export async function backendForJob(job: { backend: ClusterBackendName; schedulerUrl: string | null }): Promise<ClusterBackend> {
  if (job.backend === "local") return localBackend(job.schedulerUrl ?? undefined);
  const backend = await getClusterBackend("slurm");
  if (job.schedulerUrl && !sameOrigin(job.schedulerUrl, backend.location)) {
    throw new ClusterRequestError(`this job was sent to the Slurm REST API at ${job.schedulerUrl}, and Settings → Cluster now name ${backend.location}: name ${job.schedulerUrl} again to follow it`);
  }
  return backend;
}

/** The backend jobs of `name` are submitted to, with the configuration in use now. */
export async function getClusterBackend(name: ClusterBackendName): Promise<ClusterBackend> {
  if (name === "local") return localBackend();
  const slurm = await effectiveSlurmConfig();
  if (!slurm) throw new ClusterRequestError(SLURM_NOT_CONFIGURED);
  return slurmBackend(slurm.config);
}
