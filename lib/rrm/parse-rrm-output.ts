// Lenient parser for raw Agent-RRM output. The model is asked for exactly three blocks,
// <think>…</think><critique>…</critique><score>…</score>, but real outputs miss blocks, leave them unclosed, put text
// outside them and write scores as "0.7.", "7/10" or "70%". Parse what is there, never invent what is not, and say
// what was off in `notes`. Pure: no I/O.
import { z } from "zod";

export const parseStatusSchema = z.enum(["ok", "partial", "failed"]);
export type ParseStatus = z.infer<typeof parseStatusSchema>;

export const parsedRrmOutputSchema = z.object({
  reasoning: z.string().nullable(),
  critique: z.string().nullable(),
  score: z.number().min(0).max(1).nullable(),
  status: parseStatusSchema,
  notes: z.array(z.string()),
});
export type ParsedRrmOutput = z.infer<typeof parsedRrmOutputSchema>;

const BLOCKS = ["think", "critique", "score"] as const;
type BlockName = (typeof BLOCKS)[number];

type Block = { text: string; start: number; end: number; closed: boolean };

/** Finds the first <name>…</name> block; an unclosed block runs to the next known opening tag or the end. */
function findBlock(raw: string, name: BlockName): Block | null {
  const open = new RegExp(`<${name}\\s*>`, "i").exec(raw);
  if (!open) return null;
  const bodyStart = open.index + open[0].length;
  const close = new RegExp(`</${name}\\s*>`, "i").exec(raw.slice(bodyStart));
  if (close) {
    return { text: raw.slice(bodyStart, bodyStart + close.index), start: open.index, end: bodyStart + close.index + close[0].length, closed: true };
  }
  const nextOpen = /<(think|critique|score)\s*>/i.exec(raw.slice(bodyStart));
  const bodyEnd = nextOpen ? bodyStart + nextOpen.index : raw.length;
  return { text: raw.slice(bodyStart, bodyEnd), start: open.index, end: bodyEnd, closed: false };
}

/**
 * Reads a score written in any of the usual ways: "0.73", "0.7.", ".7", "7/10", "70%", "Score: 0.8".
 * Returns the value in [0, 1], or a reason why there is none.
 */
export function parseScoreText(text: string): { score: number } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: "the score is empty" };
  const fraction = /(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)/.exec(trimmed);
  if (fraction) {
    const numerator = Number(fraction[1]);
    const denominator = Number(fraction[2]);
    if (denominator === 0) return { error: `the score "${trimmed}" divides by zero` };
    return inRange(numerator / denominator, trimmed);
  }
  const percent = /(-?\d+(?:\.\d+)?)\s*%/.exec(trimmed);
  if (percent) return inRange(Number(percent[1]) / 100, trimmed);
  const numbers = trimmed.match(/-?(?:\d+(?:\.\d+)?|\.\d+)/g);
  if (!numbers) return { error: `the score "${truncate(trimmed)}" holds no number` };
  if (numbers.length > 1) return { error: `the score "${truncate(trimmed)}" holds several numbers` };
  return inRange(Number(numbers[0]), trimmed);
}

function inRange(value: number, original: string): { score: number } | { error: string } {
  if (!Number.isFinite(value)) return { error: `the score "${truncate(original)}" is not a number` };
  if (value < 0 || value > 1) return { error: `the score "${truncate(original)}" is outside [0, 1]` };
  return { score: value };
}

function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function clean(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

export function parseRrmOutput(raw: string): ParsedRrmOutput {
  const notes: string[] = [];
  const found = Object.fromEntries(BLOCKS.map((name) => [name, findBlock(raw, name)])) as Record<BlockName, Block | null>;

  for (const name of BLOCKS) {
    const block = found[name];
    if (!block) notes.push(`no <${name}> block`);
    else if (!block.closed) notes.push(`<${name}> is not closed`);
  }

  // Text outside the blocks: noted, and used as a last resort for a missing score ("Score: 0.8" after the critique).
  let outside = raw;
  for (const block of Object.values(found).filter((b): b is Block => b !== null).sort((a, b) => b.start - a.start)) {
    outside = outside.slice(0, block.start) + "\n" + outside.slice(block.end);
  }
  outside = outside.trim();
  if (outside && Object.values(found).some(Boolean)) notes.push("text outside the blocks");

  let score: number | null = null;
  if (found.score) {
    const parsed = parseScoreText(found.score.text);
    if ("score" in parsed) score = parsed.score;
    else notes.push(parsed.error);
  } else {
    const loose = /score\s*[:=]\s*([^\n]+)/i.exec(outside);
    if (loose) {
      const parsed = parseScoreText(loose[1]);
      if ("score" in parsed) {
        score = parsed.score;
        notes.push("score read from text outside the blocks");
      }
    }
  }

  const reasoning = clean(found.think?.text);
  // Without any block the whole output is the critique: the raw text stays readable as what the RRM said.
  const critique = clean(found.critique?.text) ?? (Object.values(found).some(Boolean) ? null : clean(raw));
  const complete = BLOCKS.every((name) => found[name]?.closed) && !outside;
  const status: ParseStatus = score === null ? "failed" : complete ? "ok" : "partial";
  return { reasoning, critique, score, status, notes };
}

/** Writes the three-block output an Agent-RRM is trained to produce (used for exports and SFT data). */
export function formatRrmOutput({ reasoning, critique, score }: { reasoning: string; critique: string; score: number }): string {
  return `<think>\n${reasoning}\n</think>\n<critique>\n${critique}\n</critique>\n<score>${score}</score>`;
}
