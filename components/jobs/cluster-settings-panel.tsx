import Link from "next/link";
import type { ClusterSettingsView } from "@/lib/cluster/cluster-settings-schema";

/** The backends in use, as the Jobs pages show them (never a token); admins get a link to change them. */
export function ClusterSettingsPanel({ settings, canEdit = false }: { settings: ClusterSettingsView; canEdit?: boolean }) {
  const slurm = settings.slurm;
  return (
    <details className="mt-6 text-sm">
      <summary className="cursor-pointer font-semibold">Cluster configuration</summary>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-zinc-500">local</dt>
        <dd>child processes on this machine; job directories in <code>{settings.local.jobsDir}</code> (LOCAL_JOBS_DIR)</dd>
        <dt className="text-zinc-500">slurm</dt>
        <dd>
          {slurm ? (
            <>
              slurmrestd at <code>{slurm.url}</code> as <code>{slurm.user}</code>, {slurm.credentials}; partition {slurm.partition ?? "(default)"}, account{" "}
              {slurm.account ?? "(default)"}, API {slurm.apiVersion ?? "discovered from /openapi/v3"}; job directories in <code>{slurm.jobDir}</code>{slurm.jobDirShared ? "" : " (on the nodes only: jobs post their output)"}{" "}
              <span className="text-zinc-500">(from {slurm.source === "settings" ? "Settings" : "the environment"})</span>
            </>
          ) : (
            "not configured"
          )}
          {canEdit ? (
            <>
              {" · "}
              <Link href="/settings#cluster" className="text-sky-800 underline dark:text-sky-300">Configure in Settings</Link>
            </>
          ) : null}
        </dd>
      </dl>
    </details>
  );
}
