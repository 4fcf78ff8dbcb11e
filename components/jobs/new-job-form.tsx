"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import * as z from "zod";
import { buttonClass, inputClass } from "@/components/settings/styles";
import { defaultValues, JOB_FIELDS, type JobField } from "@/components/jobs/job-fields";
import { ApiRequestError, fetchJson } from "@/lib/http/fetch-json";
import Link from "next/link";
import { JOB_TEMPLATES, renderJob, TEMPLATE_IDS, type TemplateId, type TemplateVersion } from "@/lib/jobs/templates";

const launchedSchema = z.object({ id: z.number(), state: z.string() });

/** The defaults a template fills in for an empty form (validation errors aside). */
function templateDefaults(id: TemplateId): Record<string, unknown> {
  const shape = (JOB_TEMPLATES[id].schema as unknown as { shape?: Record<string, z.ZodType> }).shape
    ?? (JOB_TEMPLATES[id].schema as unknown as { def?: { in?: { shape?: Record<string, z.ZodType> } } }).def?.in?.shape
    ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const r = field.safeParse(undefined);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out;
}

/** Form values → parameters: empty text dropped (so defaults and "required" apply), numbers parsed. */
function toParams(values: Record<string, unknown>, fields: JobField[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === "number") {
      if (v !== "" && v !== undefined && v !== null) params[f.name] = Number(v);
    } else if (f.type === "list") {
      params[f.name] = Array.isArray(v) ? v : String(v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    } else if (f.type === "boolean") params[f.name] = !!v;
    else if (v !== "" && v !== undefined) params[f.name] = v;
  }
  return params;
}

/** The API's issues on `params.<field>` as the form's field errors. */
function paramsFieldErrors(issues: { path: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) if (issue.path.startsWith("params.")) errors[issue.path.slice("params.".length)] ??= issue.message;
  return errors;
}

/** `templates`: the version of each kind jobs launch with now, so the preview shows the exact script. */
export function NewJobForm({ backends, templates }: { backends: ("local" | "slurm")[]; templates: Record<TemplateId, TemplateVersion> }) {
  const router = useRouter();
  const [kind, setKind] = useState<TemplateId>("eval");
  const [backend, setBackend] = useState(backends[0]);
  const [valuesByKind, setValuesByKind] = useState<Partial<Record<TemplateId, Record<string, unknown>>>>({});
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const fields = JOB_FIELDS[kind];
  const values = valuesByKind[kind] ?? defaultValues(templateDefaults(kind), fields);
  const params = toParams(values, fields);
  const result = useMemo(() => renderJob(kind, params, templates[kind]), [kind, JSON.stringify(params), templates]); // eslint-disable-line react-hooks/exhaustive-deps
  const fieldErrors = { ...(result.ok ? {} : result.fieldErrors), ...serverErrors };

  const set = (name: string, value: unknown) => {
    setTouched(true); // from the first change on, every field says what is wrong with it (the preview says why it waits)
    setValuesByKind((all) => ({ ...all, [kind]: { ...values, [name]: value } }));
    setServerErrors({});
    setIdempotencyKey(crypto.randomUUID()); // a changed launch is a new launch
  };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!result.ok) return;
    setBusy(true);
    setError(null);
    try {
      const job = await fetchJson("/api/v1/jobs", launchedSchema, { method: "POST", body: { backend, kind, params, idempotencyKey, templateVersion: templates[kind].version } });
      router.push(`/jobs/${job.id}`);
    } catch (e) {
      setBusy(false);
      setError((e as Error).message);
      // Field errors the server found (a run that does not exist, …) go next to their fields.
      if (e instanceof ApiRequestError && e.status === 400) setServerErrors(paramsFieldErrors(e.issues));
    }
  }

  return (
    <form onSubmit={submit} className="grid gap-6 lg:grid-cols-2" noValidate>
      <div className="space-y-4">
        <div className="flex flex-wrap gap-4">
          <label className="flex flex-col gap-1 text-sm">
            Kind
            <select aria-label="Kind" className={inputClass} value={kind} onChange={(e) => { setKind(e.target.value as TemplateId); setServerErrors({}); }}>
              {TEMPLATE_IDS.map((id) => (
                <option key={id} value={id}>{JOB_TEMPLATES[id].label}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Backend
            <select aria-label="Backend" className={inputClass} value={backend} onChange={(e) => setBackend(e.target.value as "local" | "slurm")}>
              {backends.map((b) => (
                <option key={b} value={b}>{b === "local" ? "local (this machine)" : "slurm (cluster)"}</option>
              ))}
            </select>
          </label>
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{JOB_TEMPLATES[kind].description}</p>
        <div className="grid gap-3 sm:grid-cols-2">
          {fields.map((f) => {
            const err = touched ? fieldErrors[f.name] : undefined;
            const id = `field-${f.name}`;
            return (
              <div key={f.name} className={f.type === "boolean" ? "flex items-center gap-2 sm:col-span-2" : f.type === "textarea" ? "flex flex-col gap-1 sm:col-span-2" : "flex flex-col gap-1"}>
                {f.type === "boolean" ? (
                  <>
                    <input id={id} type="checkbox" checked={!!values[f.name]} onChange={(e) => set(f.name, e.target.checked)} />
                    <label htmlFor={id} className="text-sm">{f.label}</label>
                  </>
                ) : (
                  <>
                    <label htmlFor={id} className="text-sm">{f.label}</label>
                    {f.type === "textarea" ? (
                      <textarea
                        id={id}
                        className={`${inputClass} h-32 font-mono text-xs`}
                        value={String(values[f.name] ?? "")}
                        onChange={(e) => set(f.name, e.target.value)}
                        aria-invalid={!!err}
                        aria-describedby={err ? `${id}-error` : undefined}
                      />
                    ) : (
                    <input
                      id={id}
                      className={inputClass}
                      type={f.type === "number" ? "number" : "text"}
                      step={f.step ?? (f.type === "number" ? 1 : undefined)}
                      value={f.type === "list" && Array.isArray(values[f.name]) ? (values[f.name] as string[]).join(", ") : String(values[f.name] ?? "")}
                      onChange={(e) => set(f.name, f.type === "list" ? e.target.value.split(",").map((s) => s.trim()).filter(Boolean) : e.target.value)}
                      aria-invalid={!!err}
                      aria-describedby={err ? `${id}-error` : undefined}
                    />
                    )}
                  </>
                )}
                {f.help && !err ? <span className="text-xs text-zinc-500">{f.help}</span> : null}
                {err ? <span id={`${id}-error`} role="alert" className="text-xs text-incorrect">{err}</span> : null}
              </div>
            );
          })}
        </div>
        {error ? <p role="alert" className="text-sm text-incorrect">{error}</p> : null}
        <button type="submit" className={buttonClass} disabled={busy}>{busy ? "Submitting…" : "Submit job"}</button>
      </div>
      <section aria-label="Script preview" className="min-w-0">
        <h2 className="mb-2 text-sm font-semibold">
          Script preview (template {kind} v{templates[kind].version}){" "}
          <Link href={`/jobs/templates/${kind}`} className="font-normal text-sky-800 underline dark:text-sky-300">edit template</Link>
        </h2>
        {result.ok ? (
          <pre className="max-h-[70vh] overflow-auto whitespace-pre-wrap break-all rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-900" data-testid="script-preview">{result.script}</pre>
        ) : result.templateError ? (
          <p role="alert" className="text-sm text-incorrect">Template error: {result.templateError}</p>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Fix the parameters marked on the left to see the exact script: {Object.keys(result.fieldErrors).map((name) => fields.find((f) => f.name === name.split(".")[0])?.label ?? name).join(", ")}.
          </p>
        )}
        <p className="mt-2 text-xs text-zinc-500">The job gets WORKBENCH_URL, WORKBENCH_TOKEN (an expiring token for its own run only), WORKBENCH_JOB_ID and WORKBENCH_RUN_ID in its environment.</p>
      </section>
    </form>
  );
}
