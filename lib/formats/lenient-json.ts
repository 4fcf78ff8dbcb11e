// JSON as agent frameworks really write it. Python's json module emits bare NaN, Infinity and -Infinity, which
// JSON.parse rejects; they are read as null and reported as a warning instead of losing the record. Pure.

export type LenientParse = { ok: true; value: unknown; warnings: string[] } | { ok: false; error: string };

const NON_FINITE = /^(NaN|-?Infinity)/;

/** Replaces bare NaN / Infinity / -Infinity tokens (outside strings) with null; returns the count replaced. */
function replaceNonFinite(text: string): { text: string; replaced: number } {
  let out = "";
  let replaced = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === "\\") {
        out += text[i + 1] ?? "";
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    if (ch === "N" || ch === "I" || ch === "-") {
      const match = NON_FINITE.exec(text.slice(i, i + 9));
      if (match) {
        out += "null";
        replaced++;
        i += match[0].length - 1;
        continue;
      }
    }
    out += ch;
  }
  return { text: out, replaced };
}

function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `malformed JSON: ${message.replace(/^JSON\.parse: /, "")}`;
}

export function parseLenientJson(text: string): LenientParse {
  try {
    return { ok: true, value: JSON.parse(text), warnings: [] };
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) return { ok: false, error: describeJsonError(error) };
    const { text: repaired, replaced } = replaceNonFinite(text);
    if (!replaced) return { ok: false, error: describeJsonError(error) };
    try {
      return {
        ok: true,
        value: JSON.parse(repaired),
        warnings: [`${replaced} NaN/Infinity value${replaced === 1 ? "" : "s"} read as null`],
      };
    } catch {
      return { ok: false, error: describeJsonError(error) };
    }
  }
}
