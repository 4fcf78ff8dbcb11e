"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, inputClass } from "@/components/settings/styles";
import { fetchJson } from "@/lib/http/fetch-json";
import { rubricQuestionsSchema, rubricSchema, type RubricQuestion } from "@/lib/rubric";

/**
 * Admins: edit a rubric's questions as JSON (checked against the question schema before sending) and save them as
 * the next version, or start a new rubric.
 */
export function RubricEditor({ rubrics }: { rubrics: Array<{ name: string; version: number; questions: RubricQuestion[] }> }) {
  const router = useRouter();
  const [selected, setSelected] = useState(rubrics[0]?.name ?? "");
  const current = rubrics.find((r) => r.name === selected);
  const [name, setName] = useState(current?.name ?? "");
  const [text, setText] = useState(JSON.stringify(current?.questions ?? [], null, 2));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const choose = (value: string) => {
    setSelected(value);
    const r = rubrics.find((x) => x.name === value);
    setName(r?.name ?? "");
    setText(JSON.stringify(r?.questions ?? [{ id: "ok", type: "boolean", label: "Is the critique right?", required: true }], null, 2));
    setMessage(null);
  };
  return (
    <form
      aria-label="Rubric editor"
      className="max-w-3xl space-y-2 text-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          setMessage({ error: true, text: "The questions are not valid JSON" });
          return;
        }
        const parsed = rubricQuestionsSchema.safeParse(json);
        if (!parsed.success) {
          setMessage({ error: true, text: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
          return;
        }
        try {
          const saved = await fetchJson("/api/v1/rubrics", rubricSchema, {
            method: "POST",
            body: { name, questions: parsed.data, baseVersion: current && current.name === name ? current.version : null },
          });
          setMessage({ error: false, text: `Saved ${saved.name} v${saved.version}` });
          router.refresh();
        } catch (error) {
          setMessage({ error: true, text: (error as Error).message });
        }
      }}
    >
      <div className="flex items-center gap-2">
        <label htmlFor="rubric-pick">Start from</label>
        <select id="rubric-pick" className={inputClass} value={selected} onChange={(e) => choose(e.target.value)}>
          {rubrics.map((r) => (
            <option key={r.name} value={r.name}>
              {r.name} v{r.version}
            </option>
          ))}
          <option value="">a new rubric</option>
        </select>
        <label htmlFor="rubric-name">Name</label>
        <input id="rubric-name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <label htmlFor="rubric-questions" className="block">
        Questions (JSON; kinds: single, scale, numeric, boolean, multi, text)
      </label>
      <textarea id="rubric-questions" className={`${inputClass} h-80 w-full font-mono text-xs`} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClass}>
          {current && current.name === name ? `Save as version ${current.version + 1}` : "Create rubric"}
        </button>
        {message ? (
          <span role={message.error ? "alert" : "status"} className={message.error ? "text-red-700 dark:text-red-400" : "text-zinc-600"}>
            {message.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
