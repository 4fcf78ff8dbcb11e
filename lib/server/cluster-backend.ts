import "server-only";
import path from "node:path";
import { open } from "@/lib/auth/secret-box";
import { defaultSlurmJobDir, localBackend, sameOrigin, slurmBackend, slurmConfigFromEnv, slurmTokenContext } from "@/lib/cluster/config";
import type { SlurmConfig } from "@/lib/cluster/slurm";
import { type ClusterBackend, type ClusterBackendName, ClusterRequestError } from "@/lib/cluster/types";
import { getPrisma } from "@/lib/db/prisma";

export type EffectiveSlurmConfig = { config: SlurmConfig; source: "settings" | "environment"; tokenSaved: boolean; updatedAt: Date | null; updatedById: string | null };

type SlurmFields = { url: string; user: string; partition: string | null; account: string | null; jobDir: string | null; apiVersion: string | null };

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

export const SLURM_NOT_CONFIGURED =
  "The slurm backend is not configured: set it up in Settings → Cluster, or set SLURM_REST_URL, SLURM_USER_NAME and SLURM_JWT (or SLURM_JWT_COMMAND)";

/** The backend jobs of `name` run on, with the configuration in use now. */
export async function getClusterBackend(name: ClusterBackendName): Promise<ClusterBackend> {
  if (name === "local") return localBackend();
  const slurm = await effectiveSlurmConfig();
  if (!slurm) throw new ClusterRequestError(SLURM_NOT_CONFIGURED);
  return slurmBackend(slurm.config);
}
