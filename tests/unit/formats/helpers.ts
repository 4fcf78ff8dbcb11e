// Test helpers for the format adapters: real files are read from ../shared/data/real (never copied into the project);
// inline data is streamed in small chunks so record boundaries fall inside chunks.
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { AdapterEntry, FormatAdapter, FormatSource, ReadOptions } from "@/lib/formats/format-adapter";
import { detectFormat, sampleFromBytes } from "@/lib/formats/registry";
import { normalizedTrajectorySchema, type NormalizedTrajectory } from "@/lib/formats/trajectory-schema";

export const REAL_DIR = path.resolve(process.cwd(), "../shared/data/real");

export const OPTIONS: ReadOptions = { maxRecordBytes: 64 * 1024 * 1024, maxExpandedBytes: 256 * 1024 * 1024 };

export function realPath(relative: string): string {
  return path.join(REAL_DIR, relative);
}

export function realExists(relative: string): boolean {
  return fs.existsSync(realPath(relative));
}

/** Every file under the real-data folder, relative to it (SOURCES.md excluded). */
export function allRealFiles(): string[] {
  if (!fs.existsSync(REAL_DIR)) return [];
  const out: string[] = [];
  for (const dir of fs.readdirSync(REAL_DIR).sort()) {
    const full = path.join(REAL_DIR, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const file of fs.readdirSync(full).sort()) out.push(`${dir}/${file}`);
  }
  return out;
}

export function bytesSource(name: string, data: string | Uint8Array, chunkSize = 1000): FormatSource {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return {
    name,
    size: bytes.length,
    async *bytes() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.slice(i, i + chunkSize);
    },
  };
}

/** A real file as a source; the name keeps its folder, as an upload would give it. */
export function realSource(relative: string, chunkSize = 64 * 1024): FormatSource {
  return bytesSource(relative, new Uint8Array(fs.readFileSync(realPath(relative))), chunkSize);
}

export function readRealLines(relative: string): unknown[] {
  return fs
    .readFileSync(realPath(relative), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

export function readRealJson(relative: string): unknown {
  return JSON.parse(fs.readFileSync(realPath(relative), "utf8"));
}

export type Collected = {
  entries: AdapterEntry[];
  ok: Extract<AdapterEntry, { ok: true }>[];
  bad: Extract<AdapterEntry, { ok: false }>[];
  trajectories: NormalizedTrajectory[];
};

/** Reads everything an adapter yields; every trajectory must pass the schema. */
export async function collect(adapter: FormatAdapter, source: FormatSource, options: ReadOptions = OPTIONS): Promise<Collected> {
  const entries: AdapterEntry[] = [];
  for await (const entry of adapter.read(source, options)) entries.push(entry);
  const ok = entries.filter((e): e is Extract<AdapterEntry, { ok: true }> => e.ok);
  const bad = entries.filter((e): e is Extract<AdapterEntry, { ok: false }> => !e.ok);
  const trajectories = ok.map((e) => normalizedTrajectorySchema.parse(e.trajectory));
  for (const t of trajectories) {
    expect(t.steps.map((s) => s.index)).toEqual(t.steps.map((_, i) => i));
  }
  return { entries, ok, bad, trajectories };
}

export function detectRealFile(relative: string) {
  const bytes = new Uint8Array(fs.readFileSync(realPath(relative)));
  return detectFormat(sampleFromBytes(relative, bytes, true));
}

export function kinds(t: NormalizedTrajectory, count?: number): string[] {
  return t.steps.slice(0, count).map((s) => s.kind);
}

export function toolNames(t: NormalizedTrajectory): string[] {
  return t.steps.filter((s) => s.kind === "tool_call").map((s) => s.tool!.name);
}

export function jsonl(...records: unknown[]): string {
  return records.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n";
}
