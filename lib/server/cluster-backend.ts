import "server-only";
import path from "node:path";
import { open } from "@/lib/auth/secret-box";
import { defaultSlurmJobDir, localBackend, sameOrigin, slurmBackend, slurmConfigFromEnv, slurmTokenContext } from "@/lib/cluster/config";
import type { SlurmConfig } from "@/lib/cluster/slurm";
import { type ClusterBackend, type ClusterBackendName, ClusterRequestError } from "@/lib/cluster/types";
import { getPrisma } from "@/lib/db/prisma";

export type EffectiveSlurmConfig = { config: SlurmConfig; source: "settings" | "environment"; tokenSaved: boolean; updatedAt: Date | null; updatedById: string | null };

/**
 * Slurm as configured in Settings → Cluster, else by the environment; null when neither names a slurmrestd. A saved
 * configuration takes every field from Settings except a missing token, which falls back to the environment's
 * SLURM_JWT / SLURM_JWT_COMMAND when Settings name the same slurmrestd (a token is never sent to another server; a
 * command is only ever taken from the environment: the browser cannot set one).
 */
export async function effectiveSlurmConfig(): Promise<EffectiveSlurmConfig | null> {
  const env = slurmConfigFromEnv();
  const row = await getPrisma().clusterSetting.findUnique({ where: { backend: "slurm" } });
  if (!row) return env && { config: env, source: "environment", tokenSaved: false, updatedAt: null, updatedById: null };
  const envCredentials = env && sameOrigin(env.url, row.url) ? env : null;
  let jwt = envCredentials?.jwt ?? null;
  if (row.tokenCipher) {
    jwt = open(row.tokenCipher, slurmTokenContext(row.url));
    if (jwt === null) {
      throw new ClusterRequestError("The Slurm token saved in Settings cannot be read with this server's secret (was BETTER_AUTH_SECRET changed?): enter it again in Settings → Cluster");
    }
  }
  return {
    config: {
      url: row.url,
      user: row.userName,
      jwt,
      jwtCommand: envCredentials?.jwtCommand ?? null,
      partition: row.partition,
      account: row.account,
      jobDir: path.resolve(/*turbopackIgnore: true*/ row.jobDir ?? env?.jobDir ?? defaultSlurmJobDir()),
      apiVersion: row.apiVersion,
    },
    source: "settings",
    tokenSaved: !!row.tokenCipher,
    updatedAt: row.updatedAt,
    updatedById: row.updatedById,
  };
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
