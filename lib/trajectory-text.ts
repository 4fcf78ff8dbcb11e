// Text handling for the trajectory reader: ANSI codes, step previews, in-page search, and links from a critique to
// the steps it talks about. Pure: no I/O, used by the server (previews) and the browser (rendering, search).
import type { Step } from "@/lib/formats/trajectory-schema";

/** Characters of a step's text the detail API sends; the rest comes from the step endpoint on demand. */
export const STEP_PREVIEW_CHARS = 1500;
/** Tool-call arguments longer than this (as pretty JSON) are sent as a preview too. */
export const ARGUMENTS_PREVIEW_CHARS = 4000;
/** Step metadata larger than this (as JSON) is left out of the detail answer. */
export const METADATA_PREVIEW_CHARS = 2000;

/** A step as the reader gets it: long text and arguments cut, with what was cut said. */
export type StepView = Step & {
  /** Length of the full text when `text` was cut. */
  textLength?: number;
  /** Pretty JSON of the arguments, cut, when they were too long to send whole (`tool.arguments` is then {}). */
  argumentsPreview?: string;
  argumentsLength?: number;
  metadataOmitted?: boolean;
};

// ------------------------------------------------------------------------------------------------------------------
// ANSI escape sequences (colours and cursor movement in python / shell output) and other control characters.

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), other two-byte escapes, and the 8-bit CSI (\x9b).
const ANSI_PATTERN = /(?:\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[@-Z\\-_]|\x1b)/g;
// C0 controls other than tab, newline and carriage return, DEL, and C1 controls.
const CONTROL_PATTERN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]/g;

/** The text without ANSI escape sequences and control characters; `\r\n` becomes `\n`, a lone `\r` too. */
export function stripAnsi(text: string): string {
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text)) return text;
  return text.replace(ANSI_PATTERN, "").replace(/\r\n?/g, "\n").replace(CONTROL_PATTERN, "");
}

// ------------------------------------------------------------------------------------------------------------------
// Previews

/** The first `max` characters of `text` (never splitting a surrogate pair), or the text itself when short. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // a high surrogate whose pair would be cut off
  return text.slice(0, end);
}

/** The step with its text, arguments and metadata cut to what a reader shows before asking for more. */
export function previewStep(step: Step, { textChars = STEP_PREVIEW_CHARS, argumentChars = ARGUMENTS_PREVIEW_CHARS } = {}): StepView {
  const view: StepView = { ...step };
  if (typeof step.text === "string" && step.text.length > textChars) {
    view.text = cutText(step.text, textChars);
    view.textLength = step.text.length;
  }
  if (step.tool) {
    const pretty = formatJson(step.tool.arguments);
    if (pretty.length > argumentChars) {
      view.tool = { ...step.tool, arguments: {} };
      view.argumentsPreview = cutText(pretty, argumentChars);
      view.argumentsLength = pretty.length;
    }
  }
  if (typeof step.answer === "string" && step.answer.length > textChars) view.answer = cutText(step.answer, textChars);
  if (step.metadata && JSON.stringify(step.metadata).length > METADATA_PREVIEW_CHARS) {
    delete view.metadata;
    view.metadataOmitted = true;
  }
  return view;
}

export function isCut(step: StepView): boolean {
  return step.textLength !== undefined || step.argumentsLength !== undefined;
}

/** Arguments as indented JSON (what a tool call shows). */
export function formatJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? "null";
  } catch {
    return String(value);
  }
}

// ------------------------------------------------------------------------------------------------------------------
// In-page search: which steps contain a text, including collapsed and off-screen ones.

/** Everything of a step a reader can see, as one string (what the in-page search looks in). */
export function stepSearchText(step: StepView): string {
  const parts: string[] = [];
  if (step.text) parts.push(stripAnsi(step.text));
  if (step.tool) {
    parts.push(step.tool.name);
    parts.push(step.argumentsPreview ?? formatJson(step.tool.arguments));
  }
  if (step.answer) parts.push(step.answer);
  return parts.join("\n");
}

export type StepMatch = { index: number; count: number };

/** Case-insensitive occurrences of `needle` per step, in step order. */
export function findInSteps(steps: readonly StepView[], needle: string): StepMatch[] {
  const n = needle.trim().toLowerCase();
  if (!n) return [];
  const matches: StepMatch[] = [];
  for (const step of steps) {
    const count = countOccurrences(stepSearchText(step).toLowerCase(), n);
    if (count) matches.push({ index: step.index, count });
  }
  return matches;
}

export function countOccurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** `text` split into plain and matching parts (case-insensitive), for highlighting. */
export function splitMatches(text: string, needle: string): { text: string; match: boolean }[] {
  const n = needle.toLowerCase();
  if (!n) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const parts: { text: string; match: boolean }[] = [];
  let from = 0;
  for (let at = lower.indexOf(n); at !== -1; at = lower.indexOf(n, at + n.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + n.length), match: true });
    from = at + n.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

// ------------------------------------------------------------------------------------------------------------------
// Critique → steps: "step 5", "steps 3, 4 and 7", a tool named in `backticks` or by name, a "quoted passage".

export type CritiqueSegment = { text: string; step?: number; kind?: "step" | "tool" | "quote" };

type Link = { start: number; end: number; step: number; kind: "step" | "tool" | "quote" };

const normalize = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * The critique as text segments, some linked to a step: numbered steps that exist, tools the trajectory called
 * (their first call), and quoted passages (8+ characters, a trailing … ignored) found in a step's text.
 */
export function linkCritique(critique: string, steps: readonly StepView[]): CritiqueSegment[] {
  const links: Link[] = [];
  const indices = new Set(steps.map((s) => s.index));

  // Quoted passages: "…", “…”, «…».
  const searchable = steps.map((s) => ({ index: s.index, text: normalize(stepSearchText(s)) }));
  for (const m of critique.matchAll(/"([^"\n]{10,400})"|“([^”\n]{10,400})”|«([^»\n]{10,400})»/g)) {
    const quote = normalize((m[1] ?? m[2] ?? m[3]).replace(/(…|\.\.\.)\s*$/, ""));
    if (quote.length < 8) continue; // what is left after the trailing … must still be specific
    const hit = searchable.find((s) => s.text.includes(quote));
    if (hit) links.push({ start: m.index!, end: m.index! + m[0].length, step: hit.index, kind: "quote" });
  }

  // "step 5", "Step 12", "steps 3, 4 and 7", "steps 2–4" (each number linked).
  for (const m of critique.matchAll(/\bsteps?\s+(\d+(?:\s*(?:,|and|&|or|–|-|to)\s*\d+)*)/gi)) {
    const numbersStart = m.index! + m[0].length - m[1].length;
    for (const n of m[1].matchAll(/\d+/g)) {
      const step = Number(n[0]);
      if (!indices.has(step)) continue;
      const start = n.index === 0 ? m.index! : numbersStart + n.index!;
      links.push({ start, end: numbersStart + n.index! + n[0].length, step, kind: "step" });
    }
  }

  // Tools the trajectory called, named in `backticks` (their first call).
  const firstCall = new Map<string, number>();
  for (const s of steps) if (s.kind === "tool_call" && s.tool && !firstCall.has(s.tool.name)) firstCall.set(s.tool.name, s.index);
  for (const [name, step] of firstCall) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // A plain word like "search" is only a tool when in backticks; file_reader or image2text are tools anyway.
    const bare = /[_0-9]/.test(name) ? `|\\b${escaped}\\b` : "";
    for (const m of critique.matchAll(new RegExp(`\`${escaped}\`${bare}`, "g"))) {
      links.push({ start: m.index!, end: m.index! + m[0].length, step, kind: "tool" });
    }
  }

  // Earliest first; where links overlap, the one starting first (then the longer) wins.
  links.sort((a, b) => a.start - b.start || b.end - a.end);
  const segments: CritiqueSegment[] = [];
  let at = 0;
  for (const link of links) {
    if (link.start < at) continue;
    if (link.start > at) segments.push({ text: critique.slice(at, link.start) });
    segments.push({ text: critique.slice(link.start, link.end), step: link.step, kind: link.kind });
    at = link.end;
  }
  if (at < critique.length) segments.push({ text: critique.slice(at) });
  return segments;
}
