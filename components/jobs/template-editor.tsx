"use client";
// Edits a kind's job template: the body is checked as it is typed (placeholders must name the kind's parameters,
// filters must exist), saving makes it the next version, and every earlier version can be read and loaded again.
import { useId, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/settings/styles";
import { fetchJson } from "@/lib/http/fetch-json";
import { type JobTemplateView, jobTemplateSchema } from "@/lib/jobs/template-schemas";
import { templateBodyError } from "@/lib/jobs/templates";

const savedSchema = z.object({ version: z.number().int(), created: z.boolean() });

export function TemplateEditor({ initial, canEdit }: { initial: JobTemplateView; canEdit: boolean }) {
  const id = useId();
  const [template, setTemplate] = useState(initial);
  const [body, setBody] = useState(initial.current.body);
  const [note, setNote] = useState("");
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const error = templateBodyError(template.id, body) ?? serverError;
  const changed = body !== template.current.body;

  async function save() {
    setSaving(true);
    setServerError(null);
    try {
      const saved = await fetchJson(`/api/v1/job-templates/${template.id}/versions`, savedSchema, { method: "POST", body: { body, note: note || undefined } });
      setTemplate(await fetchJson(`/api/v1/job-templates/${template.id}`, jobTemplateSchema));
      setNote("");
      toast.success(saved.created ? `Saved as version ${saved.version}: new jobs use it` : "No change: nothing saved");
    } catch (e) {
      setServerError((e as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
          <label htmlFor={`${id}-body`} className="font-semibold">
            Template body {changed ? <span className="font-normal text-zinc-500">(edited; current is v{template.current.version})</span> : <span className="font-normal text-zinc-500">(v{template.current.version}, current)</span>}
          </label>
          {changed ? <button type="button" className={secondaryButtonClass} onClick={() => setBody(template.current.body)}>Discard changes</button> : null}
        </div>
        <textarea
          id={`${id}-body`}
          className={`${inputClass} h-[60vh] w-full font-mono text-xs leading-5`}
          value={body}
          onChange={(e) => { setBody(e.target.value); setServerError(null); }}
          readOnly={!canEdit}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-check`}
        />
        {/* One live region, always mounted, announced politely (not an alert on every keystroke). */}
        <p id={`${id}-check`} role="status" className={`text-sm ${error ? "text-incorrect" : "text-zinc-600 dark:text-zinc-400"}`}>
          {error ? `Template error: ${error}` : "The template checks out: every placeholder names a parameter of this kind."}
        </p>
        {canEdit ? (
          <div className="flex flex-wrap items-end gap-3">
            <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
              Note (why this version)
              <input className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder="e.g. load the cluster's CUDA module first" />
            </label>
            <button type="button" className={buttonClass} onClick={save} disabled={saving || !changed || !!templateBodyError(template.id, body)}>
              {saving ? "Saving…" : `Save as version ${Math.max(...template.versions.map((v) => v.version)) + 1}`}
            </button>
          </div>
        ) : (
          <p className="text-sm text-zinc-500">Only admins can change templates.</p>
        )}
      </div>
      <aside className="space-y-4 text-sm">
        <section aria-label="Placeholders">
          <h2 className="mb-1 font-semibold">Placeholders</h2>
          <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400">
            <code>{"{{name}}"}</code> inserts a parameter shell-quoted, <code>{"{{name|raw}}"}</code> as it is (commands), <code>{"{{name|flag:--x}}"}</code> inserts
            <code> --x</code> when it is true. Also <code>{"{{template}}"}</code> and <code>{"{{version}}"}</code>.
          </p>
          <p className="font-mono text-xs leading-5">{template.parameters.join(", ")}</p>
        </section>
        <section aria-label="Versions">
          <h2 className="mb-1 font-semibold">Versions</h2>
          <ol className="space-y-1">
            {template.versions.map((v) => (
              <li key={v.version}>
                <details>
                  <summary className="cursor-pointer">
                    v{v.version}{v.version === template.current.version ? " (current)" : ""} · {v.createdBy ?? "built in"} · {v.createdAt.slice(0, 16).replace("T", " ")}
                    {v.note ? <span className="block pl-4 text-xs text-zinc-500">{v.note}</span> : null}
                  </summary>
                  <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-[11px] dark:border-zinc-800 dark:bg-zinc-900">{v.body}</pre>
                  {canEdit && v.body !== body ? (
                    <button type="button" className={`${secondaryButtonClass} mt-1`} onClick={() => setBody(v.body)}>Load v{v.version} into the editor</button>
                  ) : null}
                </details>
              </li>
            ))}
          </ol>
        </section>
      </aside>
    </div>
  );
}
