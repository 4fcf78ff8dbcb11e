// The workbench's own format: JSONL, one normalized trajectory per line, exactly `normalizedTrajectorySchema`
// (its JSON Schema is `nativeJsonSchema()`). Export writes it with `writeNativeLine`; import reads it back
// identically: read(write(t)) deep-equals normalizedTrajectorySchema.parse(t). Pure.
import { z } from "zod";
import type { FormatAdapter } from "@/lib/formats/format-adapter";
import { asObject, readAndMapRecords } from "@/lib/formats/adapter-helpers";
import { isRecord } from "@/lib/formats/chatml";
import { keysOf, sniff } from "@/lib/formats/sniff";
import { normalizedTrajectorySchema, type NormalizedTrajectory, type NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";

const KNOWN_KEYS = new Set(Object.keys(normalizedTrajectorySchema.shape));

/** One line of native JSONL (no trailing newline): the trajectory as the schema outputs it, defaults filled in. */
export function writeNativeLine(trajectory: NormalizedTrajectory | NormalizedTrajectoryInput): string {
  return JSON.stringify(normalizedTrajectorySchema.parse(trajectory));
}

/** The JSON Schema of one native line (what a third-party writer must produce). */
export function nativeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(normalizedTrajectorySchema, { io: "input" }) as Record<string, unknown>;
}

function looksNative(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return isRecord(value.task) && typeof value.task.question === "string" && Array.isArray(value.steps);
}

export const nativeAdapter: FormatAdapter = {
  id: "native",
  label: "Workbench native JSONL",
  description: "One normalized trajectory per line, as the workbench's export writes it.",
  extensions: [".jsonl", ".ndjson"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl") return 0;
    if (!looksNative(sniffed.first)) return 0;
    const first = sniffed.first as Record<string, unknown>;
    const steps = first.steps as unknown[];
    const stepShaped = steps.length === 0 || (isRecord(steps[0]) && "kind" in steps[0] && "index" in steps[0]);
    return stepShaped && keysOf(first).has("task") ? 0.95 : 0.6;
  },
  read(source, options) {
    return readAndMapRecords(source, options, (value) => {
      const object = asObject(value);
      if (!object.ok) return { ok: false, error: object.error };
      const unknown = Object.keys(object.record).filter((key) => !KNOWN_KEYS.has(key));
      const warnings = unknown.length ? [`unknown field${unknown.length === 1 ? "" : "s"} ignored: ${unknown.slice(0, 10).join(", ")}`] : [];
      // Validation against the schema happens in readAndMapRecords: field errors come back with their paths.
      return { ok: true, trajectory: object.record as NormalizedTrajectoryInput, warnings };
    });
  },
};
