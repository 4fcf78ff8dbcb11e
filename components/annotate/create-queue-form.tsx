"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { buttonClass, inputClass } from "@/components/settings/styles";
import { fetchJson } from "@/lib/http/fetch-json";

const createdSchema = z.object({ id: z.number(), items: z.number() });

/** Admins: a queue from a Trajectories filter (its URL query string) or trajectory ids. */
export function CreateQueueForm({ rubrics }: { rubrics: Array<{ id: number; label: string }> }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      aria-label="New queue"
      className="grid max-w-2xl grid-cols-[10rem_1fr] items-center gap-2 text-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const source = String(f.get("source") ?? "").trim();
        const ids = /^[\d\s,]+$/.test(source) ? source.split(/[\s,]+/).filter(Boolean).map(Number) : null;
        let filter = source;
        try {
          if (/^https?:\/\//.test(source)) filter = new URL(source).search;
        } catch {
          // keep as typed
        }
        setBusy(true);
        setError(null);
        try {
          const created = await fetchJson("/api/v1/queues", createdSchema, {
            method: "POST",
            body: {
              name: String(f.get("name")),
              rubricId: Number(f.get("rubricId")),
              annotatorsPerItem: Number(f.get("perItem")),
              blind: f.get("blind") === "on",
              annotators: String(f.get("annotators") ?? "").split(/[\s,]+/).filter(Boolean),
              limit: Number(f.get("limit")),
              ...(ids ? { trajectoryIds: ids } : { filter }),
            },
          });
          router.push(`/annotate/queues/${created.id}`);
          router.refresh();
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label htmlFor="q-name">Name</label>
      <input id="q-name" name="name" required className={inputClass} placeholder="Failed GAIA of Reagent-R, RRM above 0.5" />
      <label htmlFor="q-source">Filter or ids</label>
      <input id="q-source" name="source" required className={inputClass} placeholder="correct=false&benchmark=GAIA&minScore=0.5 (or a Trajectories URL, or ids 12, 15, 19)" />
      <label htmlFor="q-rubric">Rubric</label>
      <select id="q-rubric" name="rubricId" className={inputClass}>
        {rubrics.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
      <label htmlFor="q-per-item">Annotators per item</label>
      <input id="q-per-item" name="perItem" type="number" min={1} max={10} defaultValue={3} className={inputClass} />
      <label htmlFor="q-annotators">Annotators</label>
      <input id="q-annotators" name="annotators" className={inputClass} placeholder="emails, comma separated (empty: any annotator)" />
      <label htmlFor="q-limit">At most (items)</label>
      <input id="q-limit" name="limit" type="number" min={1} max={5000} defaultValue={200} className={inputClass} />
      <label htmlFor="q-blind">Blind</label>
      <span>
        <input id="q-blind" name="blind" type="checkbox" defaultChecked /> <span className="text-xs text-zinc-500">annotators see others&apos; answers only after their own</span>
      </span>
      <span />
      <span className="flex items-center gap-2">
        <button type="submit" className={buttonClass} disabled={busy || !rubrics.length}>
          Create queue
        </button>
        {error ? (
          <span role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </span>
        ) : null}
      </span>
    </form>
  );
}
