import "server-only";
import path from "node:path";
import { LocalBackend } from "@/lib/cluster/local";
import { type SlurmConfig, SlurmBackend } from "@/lib/cluster/slurm";
import { type ClusterBackend, type ClusterBackendName, ClusterRequestError } from "@/lib/cluster/types";

/**
 * Backends are configured by environment (read on each call, so tests and restarts pick changes up):
 * - local: LOCAL_JOBS_DIR (default <DATA_DIR or .data>/jobs).
 * - slurm: SLURM_REST_URL, SLURM_USER_NAME, SLURM_JWT or SLURM_JWT_COMMAND (a command printing a token),
 *   SLURM_PARTITION, SLURM_ACCOUNT, SLURM_JOB_DIR (shared by the app and the nodes), WORKBENCH_SLURM_API_VERSION
 *   (only to force a version; otherwise the newest one in /openapi/v3).
 */
export function localJobsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.LOCAL_JOBS_DIR || path.join(process.env.DATA_DIR || ".data", "jobs"));
}

export function slurmConfig(): SlurmConfig | null {
  const url = process.env.SLURM_REST_URL?.replace(/\/+$/, "");
  if (!url) return null;
  return {
    url,
    user: process.env.SLURM_USER_NAME || "",
    jwt: process.env.SLURM_JWT || null,
    jwtCommand: process.env.SLURM_JWT_COMMAND || null,
    partition: process.env.SLURM_PARTITION || null,
    account: process.env.SLURM_ACCOUNT || null,
    jobDir: path.resolve(/*turbopackIgnore: true*/ process.env.SLURM_JOB_DIR || path.join(localJobsDir(), "slurm")),
    apiVersion: process.env.WORKBENCH_SLURM_API_VERSION || null,
  };
}

const cache = globalThis as unknown as { workbenchClusterBackends?: Map<string, ClusterBackend> };

export function getBackend(name: ClusterBackendName): ClusterBackend {
  const map = (cache.workbenchClusterBackends ??= new Map());
  if (name === "local") {
    const dir = localJobsDir();
    const key = `local:${dir}`;
    if (!map.has(key)) map.set(key, new LocalBackend(dir));
    return map.get(key)!;
  }
  const config = slurmConfig();
  if (!config) throw new ClusterRequestError("The slurm backend is not configured: set SLURM_REST_URL, SLURM_USER_NAME and SLURM_JWT (or SLURM_JWT_COMMAND)");
  const key = `slurm:${JSON.stringify(config)}`;
  if (!map.has(key)) map.set(key, new SlurmBackend(config));
  return map.get(key)!;
}

/** What Settings and the Jobs page may show: never the token itself. */
export type ClusterSettings = {
  local: { jobsDir: string };
  slurm: null | { url: string; user: string; credentials: string; partition: string | null; account: string | null; jobDir: string; apiVersion: string };
};

export function clusterSettings(): ClusterSettings {
  const slurm = slurmConfig();
  return {
    local: { jobsDir: localJobsDir() },
    slurm: slurm && {
      url: slurm.url,
      user: slurm.user,
      credentials: slurm.jwt ? "static token (SLURM_JWT)" : slurm.jwtCommand ? "minted by SLURM_JWT_COMMAND" : "none",
      partition: slurm.partition,
      account: slurm.account,
      jobDir: slurm.jobDir,
      apiVersion: slurm.apiVersion ?? "discovered from /openapi/v3",
    },
  };
}
