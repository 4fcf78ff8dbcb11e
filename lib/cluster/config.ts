import "server-only";
import path from "node:path";
import { LocalBackend } from "@/lib/cluster/local";
import { type SlurmConfig, SlurmBackend } from "@/lib/cluster/slurm";
import type { ClusterBackend } from "@/lib/cluster/types";

/**
 * Backends as the environment configures them (read on each call, so tests and restarts pick changes up); Settings →
 * Cluster can override Slurm's (lib/server/cluster-backend.ts):
 * - local: LOCAL_JOBS_DIR (default <DATA_DIR or .data>/jobs).
 * - slurm: SLURM_REST_URL, SLURM_USER_NAME, SLURM_JWT or SLURM_JWT_COMMAND (a command printing a token),
 *   SLURM_PARTITION, SLURM_ACCOUNT, SLURM_JOB_DIR (shared by the app and the nodes; SLURM_JOB_DIR_SHARED=0 when the
 *   nodes have it but the app cannot read it: jobs post their output then), WORKBENCH_SLURM_API_VERSION
 *   (only to force a version; otherwise the newest one in /openapi/v3).
 */
export function localJobsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.LOCAL_JOBS_DIR || path.join(process.env.DATA_DIR || ".data", "jobs"));
}

/** Where Slurm job directories go when nothing names one. */
export function defaultSlurmJobDir(): string {
  return path.join(localJobsDir(), "slurm");
}

/** Whether two URLs name the same server (scheme, host and port): a token for one is never sent to another. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** What a saved Slurm token is bound to: the slurmrestd it was saved for (lib/auth/secret-box). */
export function slurmTokenContext(url: string): string {
  return `slurm-token:${new URL(url).origin}`;
}

export function slurmConfigFromEnv(): SlurmConfig | null {
  const url = process.env.SLURM_REST_URL?.replace(/\/+$/, "");
  if (!url) return null;
  return {
    url,
    user: process.env.SLURM_USER_NAME || "",
    jwt: process.env.SLURM_JWT || null,
    jwtCommand: process.env.SLURM_JWT_COMMAND || null,
    partition: process.env.SLURM_PARTITION || null,
    account: process.env.SLURM_ACCOUNT || null,
    jobDir: path.resolve(/*turbopackIgnore: true*/ process.env.SLURM_JOB_DIR || defaultSlurmJobDir()),
    jobDirShared: process.env.SLURM_JOB_DIR_SHARED !== "0",
    apiVersion: process.env.WORKBENCH_SLURM_API_VERSION || null,
  };
}

const cache = globalThis as unknown as { workbenchClusterBackends?: Map<string, ClusterBackend> };

/** One backend object per configuration (a Slurm backend caches its API version and a minted token). */
function cached(key: string, make: () => ClusterBackend): ClusterBackend {
  const map = (cache.workbenchClusterBackends ??= new Map());
  if (!map.has(key)) map.set(key, make());
  return map.get(key)!;
}

/** The local backend of `dir` (default: the configured jobs directory). */
export function localBackend(dir = localJobsDir()): ClusterBackend {
  return cached(`local:${dir}`, () => new LocalBackend(dir));
}

export function slurmBackend(config: SlurmConfig): ClusterBackend {
  return cached(`slurm:${JSON.stringify(config)}`, () => new SlurmBackend(config));
}
