"use client";
// Settings → Cluster (admins): where Slurm jobs go. Saved values override the environment's SLURM_*; the token is
// written, never read back (the server keeps it encrypted); "Test connection" pings with the values in the form.
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/settings/styles";
import {
  type ClusterSettingsView,
  clusterSettingsViewSchema,
  type ConnectionTest,
  connectionTestSchema,
  slurmSettingsInputSchema,
} from "@/lib/cluster/cluster-settings-schema";
import { fetchJson } from "@/lib/http/fetch-json";

type Field = { name: "url" | "user" | "partition" | "account" | "jobDir" | "apiVersion"; label: string; hint: string };
const FIELDS: Field[] = [
  { name: "url", label: "slurmrestd URL", hint: "e.g. http://slurm-head:6820" },
  { name: "user", label: "Slurm user", hint: "the user the token belongs to; jobs run as this user" },
  { name: "partition", label: "Partition", hint: "empty: the cluster's default" },
  { name: "account", label: "Account", hint: "empty: the user's default" },
  { name: "jobDir", label: "Job directory", hint: "where jobs work and write their output, on the nodes (absolute path)" },
  { name: "apiVersion", label: "API version", hint: "empty: the newest in /openapi/v3" },
];

export function ClusterPanel({ initial }: { initial: ClusterSettingsView }) {
  const id = useId();
  const [settings, setSettings] = useState(initial);
  const slurm = settings.slurm;
  const [values, setValues] = useState<Record<Field["name"], string>>({
    url: slurm?.url ?? "",
    user: slurm?.user ?? "",
    partition: slurm?.partition ?? "",
    account: slurm?.account ?? "",
    jobDir: slurm?.source === "settings" ? (slurm.jobDir ?? "") : "",
    apiVersion: slurm?.apiVersion ?? "",
  });
  const [jobDirShared, setJobDirShared] = useState(slurm?.source === "settings" ? slurm.jobDirShared : true);
  const [token, setToken] = useState("");
  const [clearToken, setClearToken] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [busy, setBusy] = useState<"save" | "test" | "forget" | null>(null);

  function body() {
    const parsed = slurmSettingsInputSchema.safeParse({ ...values, jobDirShared, token: token || undefined, clearToken });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return null;
    }
    setErrors({});
    return { ...values, jobDirShared, token: token || undefined, clearToken };
  }

  async function run(action: "save" | "test" | "forget", work: () => Promise<void>) {
    setBusy(action);
    try {
      await work();
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setBusy(null);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const input = body();
    if (!input) return;
    void run("save", async () => {
      setSettings(await fetchJson("/api/v1/cluster/slurm", clusterSettingsViewSchema, { method: "PUT", body: input }));
      setToken("");
      setClearToken(false);
      toast.success("Cluster configuration saved: new jobs use it");
    });
  }

  function testConnection() {
    const input = body();
    if (!input) return;
    void run("test", async () => setTest(await fetchJson("/api/v1/cluster/slurm/test", connectionTestSchema, { method: "POST", body: input })));
  }

  function forget() {
    void run("forget", async () => {
      setSettings(await fetchJson("/api/v1/cluster/slurm", clusterSettingsViewSchema, { method: "DELETE" }));
      toast.success(settings.environmentSlurm ? "Saved configuration removed: the environment's SLURM_* apply" : "Saved configuration removed");
    });
  }

  return (
    <section id="cluster" aria-labelledby={`${id}-heading`} className="mb-8">
      <h2 id={`${id}-heading`} className="mb-1 text-base font-semibold">Cluster</h2>
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Jobs run on <strong>local</strong> (processes on this machine, in <code>{settings.local.jobsDir}</code>) or on <strong>Slurm</strong> through its REST
        API. {slurm ? <>Slurm is configured from <strong data-testid="slurm-source">{slurm.source === "settings" ? "these settings" : "the environment"}</strong>: {slurm.credentials}{slurm.updatedBy ? `, saved by ${slurm.updatedBy}` : ""}.</> : <>Slurm is <strong data-testid="slurm-source">not configured</strong>.</>}{" "}
        Values saved here are used instead of the environment&apos;s <code>SLURM_*</code> variables; a token-minting command can only come from
        <code> SLURM_JWT_COMMAND</code>.
      </p>
      <form onSubmit={save} aria-label="Slurm configuration" className="grid max-w-3xl grid-cols-[12rem_1fr] items-start gap-x-4 gap-y-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
        {FIELDS.map((f) => (
          <div key={f.name} className="contents">
            <label htmlFor={`${id}-${f.name}`} className="pt-1 font-medium">{f.label}</label>
            <div>
              <input
                id={`${id}-${f.name}`}
                className={`${inputClass} w-full`}
                value={values[f.name]}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                aria-invalid={errors[f.name] ? true : undefined}
                aria-describedby={`${id}-${f.name}-hint`}
              />
              <div id={`${id}-${f.name}-hint`} className={`text-xs ${errors[f.name] ? "text-incorrect" : "text-zinc-500"}`}>{errors[f.name] ?? f.hint}</div>
            </div>
          </div>
        ))}
        <div />
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={jobDirShared} onChange={(e) => setJobDirShared(e.target.checked)} />
          This server reads the job directory too (a shared file system); if not, jobs post their output to the workbench
        </label>
        <label htmlFor={`${id}-token`} className="pt-1 font-medium">Token (JWT)</label>
        <div>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            className={`${inputClass} w-full`}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={errors.token ? true : undefined}
            aria-describedby={`${id}-token-hint`}
          />
          <div id={`${id}-token-hint`} className={`text-xs ${errors.token ? "text-incorrect" : "text-zinc-500"}`}>
            {errors.token ?? (slurm?.credentials.startsWith("token saved")
              ? "a token is saved: leave blank to keep it (for the same URL), or type a new one"
              : "leave blank to use the environment's SLURM_JWT / SLURM_JWT_COMMAND (for the same URL)")}
          </div>
          <label className="mt-1 flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            <input type="checkbox" checked={clearToken} onChange={(e) => setClearToken(e.target.checked)} /> Forget the saved token
          </label>
        </div>
        <div />
        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" className={buttonClass} disabled={busy !== null}>{busy === "save" ? "Saving…" : "Save"}</button>
          <button type="button" className={secondaryButtonClass} onClick={testConnection} disabled={busy !== null}>{busy === "test" ? "Testing…" : "Test connection"}</button>
          {slurm?.source === "settings" ? (
            <button type="button" className={secondaryButtonClass} onClick={forget} disabled={busy !== null}>
              {settings.environmentSlurm ? "Use the environment instead" : "Remove"}
            </button>
          ) : null}
        </div>
        <div />
        {/* Always mounted, so that screen readers announce the result when it arrives. */}
        <p role="status" className={test?.ok ? "text-correct" : "text-incorrect"}>{test ? `${test.ok ? "Connected: " : "Failed: "}${test.message}` : ""}</p>
      </form>
    </section>
  );
}
