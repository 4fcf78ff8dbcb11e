"use client";

import { useQuery } from "@tanstack/react-query";
import { FileUp, FolderUp, Loader2 } from "lucide-react";
import Link from "next/link";
import { useRef, useState, type DragEvent } from "react";
import { toast } from "sonner";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/settings/styles";
import { formatCount } from "@/components/ui/format";
import { VARIANT_LABELS } from "@/lib/variant-label";
import { apiErrorMessage } from "@/lib/http/api-error";
import { filesFromDrop } from "@/components/import/files-from-drop";

type Format = { id: string; label: string; description: string; extensions: string[] };
type RunOption = { id: number; name: string; source: string };
type ImportError = { file: string | null; line: number | null; location: string | null; message: string };
type FileState = {
  file: File;
  status: "waiting" | "uploading" | "done" | "failed";
  uploadedBytes: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  recordsPerSecond: number;
  format: string | null;
  errors: ImportError[];
  message?: string;
};

const NEW_RUN = "__new__";

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(apiErrorMessage(body, `HTTP ${response.status}`));
  return body as T;
}

async function postJson<T>(url: string, data: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(apiErrorMessage(body, `HTTP ${response.status}`));
  return body as T;
}

/** Sends one file as the request body, reporting upload progress (fetch cannot). */
function uploadFile(url: string, file: File, onProgress: (loaded: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported by status below
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The connection to the workbench was lost during the upload"));
    xhr.send(file);
  });
}

export function ImportPanel({ initialRunId }: { initialRunId: number | null }) {
  const formats = useQuery({ queryKey: ["formats"], queryFn: () => getJson<{ items: Format[] }>("/api/v1/formats") });
  const runs = useQuery({ queryKey: ["runs"], queryFn: () => getJson<{ items: RunOption[] }>("/api/v1/runs") });
  const [files, setFiles] = useState<FileState[]>([]);
  const [format, setFormat] = useState("");
  const [runChoice, setRunChoice] = useState<string>(initialRunId ? String(initialRunId) : NEW_RUN);
  const [newRun, setNewRun] = useState({ name: "", variant: "custom", agentModel: "", rrmModel: "", lambda: "", tags: "" });
  const [busy, setBusy] = useState(false);
  const [targetRun, setTargetRun] = useState<{ id: number; name: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const addFiles = (list: File[]) => {
    const fresh = list.filter((f) => !f.name.startsWith("."));
    setFiles((current) => [
      ...current,
      ...fresh.map((file) => ({ file, status: "waiting" as const, uploadedBytes: 0, accepted: 0, duplicates: 0, rejected: 0, recordsPerSecond: 0, format: null, errors: [] })),
    ]);
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(await filesFromDrop(event.dataTransfer));
  };

  const update = (index: number, patch: Partial<FileState>) =>
    setFiles((current) => current.map((entry, i) => (i === index ? { ...entry, ...patch } : entry)));

  const resolveRun = async (): Promise<{ id: number; name: string }> => {
    if (runChoice !== NEW_RUN) {
      const run = runs.data?.items.find((r) => String(r.id) === runChoice);
      if (!run) throw new Error("Choose the run to import into");
      return run;
    }
    if (!newRun.name.trim()) throw new Error("Give the new run a name");
    const lambda = newRun.lambda.trim() ? Number(newRun.lambda) : null;
    if (lambda !== null && !Number.isFinite(lambda)) throw new Error("λ must be a number, e.g. 0.3");
    return postJson<{ id: number; name: string }>("/api/v1/runs", {
      name: newRun.name.trim(),
      variant: newRun.variant,
      agentModel: newRun.agentModel.trim() || null,
      rrmModel: newRun.rrmModel.trim() || null,
      lambda,
      tags: newRun.tags.split(",").map((t) => t.trim()).filter(Boolean),
    });
  };

  const start = async () => {
    setBusy(true);
    try {
      const run = await resolveRun();
      setTargetRun(run);
      for (let index = 0; index < files.length; index++) {
        const entry = files[index];
        if (entry.status === "done") continue;
        await importOne(run.id, index, entry.file);
      }
      await runs.refetch();
      toast.success(`Import into "${run.name}" finished`);
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const importOne = async (runId: number, index: number, file: File) => {
    update(index, { status: "uploading", uploadedBytes: 0, errors: [], message: undefined });
    const { id: importId } = await postJson<{ id: number }>("/api/v1/imports", { runId, fileName: file.name });
    const started = Date.now();
    // The server updates the import's counts as batches land; follow them while the file streams up.
    const poll = setInterval(async () => {
      try {
        const status = await getJson<{ accepted: number; duplicates: number; rejected: number; format: string | null; errors: ImportError[] }>(`/api/v1/imports/${importId}`);
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        update(index, {
          accepted: status.accepted,
          duplicates: status.duplicates,
          rejected: status.rejected,
          format: status.format,
          recordsPerSecond: (status.accepted + status.duplicates + status.rejected) / seconds,
        });
      } catch {
        // a missed poll is harmless: the final answer comes with the upload's response
      }
    }, 500);
    try {
      const query = new URLSearchParams({ filename: file.name, importId: String(importId), ...(format ? { format } : {}) });
      const { status, body } = await uploadFile(`/api/v1/runs/${runId}/trajectories?${query}`, file, (loaded) => update(index, { uploadedBytes: loaded }));
      if (status >= 200 && status < 300) {
        const report = body as { imported: number; duplicates: number; rejected: number; format: string; errors: ImportError[] };
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        update(index, {
          status: "done",
          uploadedBytes: file.size,
          accepted: report.imported,
          duplicates: report.duplicates,
          rejected: report.rejected,
          format: report.format,
          errors: report.errors,
          recordsPerSecond: (report.imported + report.duplicates + report.rejected) / seconds,
        });
      } else {
        update(index, { status: "failed", message: apiErrorMessage(body, `The server answered HTTP ${status}`) });
      }
    } catch (error) {
      update(index, { status: "failed", message: (error as Error).message });
    } finally {
      clearInterval(poll);
    }
  };

  const totals = files.reduce((t, f) => ({ accepted: t.accepted + f.accepted, duplicates: t.duplicates + f.duplicates, rejected: t.rejected + f.rejected }), { accepted: 0, duplicates: 0, rejected: 0 });
  const finished = files.length > 0 && files.every((f) => f.status === "done" || f.status === "failed");
  const ownRuns = (runs.data?.items ?? []).filter((r) => r.source !== "reported");

  return (
    <div className="grid max-w-5xl gap-6">
      <section aria-labelledby="files-heading">
        <h2 id="files-heading" className="mb-2 text-base font-semibold">
          1. Files
        </h2>
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`flex flex-col items-center gap-3 rounded-md border-2 border-dashed p-6 text-center text-sm ${dragging ? "border-sky-500 bg-sky-50 dark:bg-sky-950" : "border-zinc-300 dark:border-zinc-700"}`}
        >
          <p>Drop trajectory files or a folder here (JSONL, JSON, Inspect .eval …), or</p>
          <div className="flex gap-2">
            <button type="button" className={secondaryButtonClass} onClick={() => fileInput.current?.click()}>
              <FileUp aria-hidden className="size-4" /> Choose files
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => folderInput.current?.click()}>
              <FolderUp aria-hidden className="size-4" /> Choose a folder
            </button>
          </div>
          <input ref={fileInput} type="file" multiple hidden aria-label="Trajectory files" onChange={(e) => addFiles([...(e.target.files ?? [])])} />
          <input
            ref={folderInput}
            type="file"
            hidden
            aria-label="Trajectory folder"
            {...({ webkitdirectory: "", directory: "" } as Record<string, string>)}
            onChange={(e) => addFiles([...(e.target.files ?? [])])}
          />
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="import-format">Format</label>
          <select id="import-format" className={inputClass} value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="">Detect automatically</option>
            {formats.data?.items.map((f) => (
              <option key={f.id} value={f.id} title={f.description}>
                {f.label}
              </option>
            ))}
          </select>
          {formats.isError ? <span className="text-incorrect">Could not load the formats: {formats.error.message}</span> : null}
        </div>
      </section>

      <section aria-labelledby="run-heading">
        <h2 id="run-heading" className="mb-2 text-base font-semibold">
          2. Run
        </h2>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="import-run">Import into</label>
          <select id="import-run" className={inputClass} value={runChoice} onChange={(e) => setRunChoice(e.target.value)}>
            <option value={NEW_RUN}>A new run…</option>
            {ownRuns.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        {runChoice === NEW_RUN ? (
          <div className="mt-3 grid max-w-3xl grid-cols-2 gap-3 text-sm sm:grid-cols-3">
            <label className="flex flex-col gap-1">
              Run name
              <input className={inputClass} value={newRun.name} onChange={(e) => setNewRun({ ...newRun, name: e.target.value })} placeholder="e.g. reagent-u-step120-gaia" />
            </label>
            <label className="flex flex-col gap-1">
              Variant
              <select className={inputClass} value={newRun.variant} onChange={(e) => setNewRun({ ...newRun, variant: e.target.value })}>
                {Object.entries(VARIANT_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1">
              Agent model
              <input className={inputClass} value={newRun.agentModel} onChange={(e) => setNewRun({ ...newRun, agentModel: e.target.value })} placeholder="Qwen3-8B" />
            </label>
            <label className="flex flex-col gap-1">
              RRM model
              <input className={inputClass} value={newRun.rrmModel} onChange={(e) => setNewRun({ ...newRun, rrmModel: e.target.value })} />
            </label>
            <label className="flex flex-col gap-1">
              λ (RRM weight)
              <input className={inputClass} inputMode="decimal" value={newRun.lambda} onChange={(e) => setNewRun({ ...newRun, lambda: e.target.value })} placeholder="0.3" />
            </label>
            <label className="flex flex-col gap-1">
              Tags (comma-separated)
              <input className={inputClass} value={newRun.tags} onChange={(e) => setNewRun({ ...newRun, tags: e.target.value })} />
            </label>
          </div>
        ) : null}
      </section>

      <div className="flex items-center gap-3">
        <button type="button" className={buttonClass} disabled={busy || !files.some((f) => f.status !== "done")} onClick={start}>
          {busy ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
          {busy ? "Importing…" : "Start import"}
        </button>
        {files.length ? (
          <button type="button" className={secondaryButtonClass} disabled={busy} onClick={() => setFiles([])}>
            Clear files
          </button>
        ) : null}
        {targetRun && finished ? (
          <Link href={`/runs/${targetRun.id}`} className="text-sm text-sky-800 underline dark:text-sky-300">
            Open run “{targetRun.name}”
          </Link>
        ) : null}
      </div>

      {files.length ? (
        <section aria-labelledby="progress-heading">
          <h2 id="progress-heading" className="mb-2 text-base font-semibold">
            Progress
            {finished ? (
              <span className="ml-2 font-normal text-zinc-600 dark:text-zinc-400">
                {formatCount(totals.accepted)} imported · {formatCount(totals.duplicates)} duplicates · {formatCount(totals.rejected)} rejected
              </span>
            ) : null}
          </h2>
          <ul className="grid gap-3">
            {files.map((entry, index) => (
              <FileProgress key={`${entry.file.name}-${index}`} entry={entry} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function FileProgress({ entry }: { entry: FileState }) {
  const share = entry.file.size ? Math.min(1, entry.uploadedBytes / entry.file.size) : entry.status === "done" ? 1 : 0;
  const path = (entry.file as File & { webkitRelativePath?: string }).webkitRelativePath || entry.file.name;
  return (
    <li className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" aria-label={`Import of ${path}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-mono text-xs">{path}</span>
        <span className="text-zinc-600 dark:text-zinc-400">
          {entry.status === "waiting" ? "waiting" : null}
          {entry.status === "uploading" ? `${Math.round(share * 100)}% · ${Math.round(entry.recordsPerSecond)} records/s` : null}
          {entry.status === "done" ? `done · ${entry.format}` : null}
          {entry.status === "failed" ? <span className="text-incorrect">failed</span> : null}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`Progress of ${path}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        className="mt-2 h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className={`h-full ${entry.status === "failed" ? "bg-incorrect" : "bg-sky-600"}`} style={{ width: `${share * 100}%` }} />
      </div>
      <p className="mt-2" data-testid="import-counts">
        {formatCount(entry.accepted)} imported · {formatCount(entry.duplicates)} duplicates · {formatCount(entry.rejected)} rejected
      </p>
      {entry.message ? <p className="mt-1 text-incorrect">{entry.message}</p> : null}
      {entry.errors.length ? (
        <details className="mt-2" open={entry.errors.length <= 5}>
          <summary className="cursor-pointer">Rejected records ({entry.rejected > entry.errors.length ? `first ${entry.errors.length} of ${entry.rejected}` : entry.errors.length})</summary>
          <table className="mt-1 w-full text-xs">
            <thead>
              <tr className="text-left text-zinc-500">
                <th className="pr-3 font-normal">Line</th>
                <th className="font-normal">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entry.errors.map((error, i) => (
                <tr key={i}>
                  <td className="pr-3 align-top font-mono">{error.line ?? error.location ?? "—"}</td>
                  <td className="break-all">{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </li>
  );
}
