import type { ClusterSettings } from "@/lib/cluster/config";

/** The configured backends, as Settings and the Jobs page show them (never the token). */
export function ClusterSettingsPanel({ settings }: { settings: ClusterSettings }) {
  return (
    <details className="mt-6 text-sm">
      <summary className="cursor-pointer font-semibold">Cluster configuration</summary>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-zinc-500">local</dt>
        <dd>child processes on this machine; job directories in <code>{settings.local.jobsDir}</code> (LOCAL_JOBS_DIR)</dd>
        <dt className="text-zinc-500">slurm</dt>
        <dd>
          {settings.slurm ? (
            <>
              slurmrestd at <code>{settings.slurm.url}</code> as <code>{settings.slurm.user}</code>, {settings.slurm.credentials}; partition{" "}
              {settings.slurm.partition ?? "(default)"}, account {settings.slurm.account ?? "(default)"}, API {settings.slurm.apiVersion}; job directories in{" "}
              <code>{settings.slurm.jobDir}</code>
            </>
          ) : (
            "not configured: set SLURM_REST_URL, SLURM_USER_NAME and SLURM_JWT (or SLURM_JWT_COMMAND), SLURM_PARTITION, SLURM_ACCOUNT, SLURM_JOB_DIR"
          )}
        </dd>
      </dl>
    </details>
  );
}
