// Reads Python literals as `repr()` prints them: dicts, lists, tuples, sets, strings in single/double/triple quotes
// with escapes (and r/b/u prefixes), ints, floats, True/False/None, nan/inf. Agent frameworks log tool calls and tool
// outputs this way (smolagents' "Calling tools: [{'id': …}]"). Pure; no eval.

export type PythonParse = { ok: true; value: unknown; end: number } | { ok: false; error: string };

class ParseError extends Error {}

export function parsePythonLiteral(text: string, start = 0): PythonParse {
  let pos = start;

  const fail = (message: string): never => {
    throw new ParseError(`${message} at position ${pos}`);
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };

  const parseString = (): string => {
    let raw = false;
    while (/[rRbBuUfF]/.test(text[pos] ?? "") && (text[pos + 1] === "'" || text[pos + 1] === '"' || /[rRbBuU]/.test(text[pos + 1] ?? ""))) {
      if (text[pos] === "r" || text[pos] === "R") raw = true;
      pos++;
    }
    const quote = text[pos];
    if (quote !== "'" && quote !== '"') fail("expected a string");
    const triple = text.startsWith(quote.repeat(3), pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    pos += delimiter.length;
    let out = "";
    while (pos < text.length) {
      if (text.startsWith(delimiter, pos)) {
        pos += delimiter.length;
        return out;
      }
      const ch = text[pos];
      if (ch === "\\" && pos + 1 < text.length) {
        const next = text[pos + 1];
        if (raw) {
          out += ch + next;
          pos += 2;
          continue;
        }
        pos += 2;
        switch (next) {
          case "n": out += "\n"; break;
          case "t": out += "\t"; break;
          case "r": out += "\r"; break;
          case "0": out += "\0"; break;
          case "a": out += "\x07"; break;
          case "b": out += "\b"; break;
          case "f": out += "\f"; break;
          case "v": out += "\v"; break;
          case "\n": break;
          case "x": out += String.fromCharCode(parseInt(text.slice(pos, pos + 2), 16)); pos += 2; break;
          case "u": out += String.fromCharCode(parseInt(text.slice(pos, pos + 4), 16)); pos += 4; break;
          case "U": out += String.fromCodePoint(parseInt(text.slice(pos, pos + 8), 16)); pos += 8; break;
          default: out += next === "\\" || next === "'" || next === '"' ? next : `\\${next}`;
        }
        continue;
      }
      if (!triple && ch === "\n") fail("unterminated string");
      out += ch;
      pos++;
    }
    return fail("unterminated string");
  };

  const parseSequence = (close: string): unknown[] => {
    pos++;
    const out: unknown[] = [];
    for (;;) {
      skip();
      if (text[pos] === close) {
        pos++;
        return out;
      }
      out.push(parseValue());
      skip();
      if (text[pos] === ",") pos++;
      else if (text[pos] !== close) fail(`expected , or ${close}`);
    }
  };

  const parseDict = (): Record<string, unknown> | unknown[] => {
    pos++;
    const out: Record<string, unknown> = {};
    skip();
    if (text[pos] === "}") {
      pos++;
      return out;
    }
    const first = parseValue();
    skip();
    if (text[pos] !== ":") {
      // A set: {a, b}
      const items = [first];
      for (;;) {
        skip();
        if (text[pos] === ",") pos++;
        skip();
        if (text[pos] === "}") {
          pos++;
          return items;
        }
        items.push(parseValue());
      }
    }
    let key: unknown = first;
    for (;;) {
      skip();
      if (text[pos] !== ":") fail("expected :");
      pos++;
      const value = parseValue();
      out[typeof key === "string" ? key : JSON.stringify(key) ?? String(key)] = value;
      skip();
      if (text[pos] === ",") pos++;
      skip();
      if (text[pos] === "}") {
        pos++;
        return out;
      }
      key = parseValue();
    }
  };

  const parseValue = (): unknown => {
    skip();
    if (pos >= text.length) fail("unexpected end");
    const ch = text[pos];
    if (ch === "{") return parseDict();
    if (ch === "[") return parseSequence("]");
    if (ch === "(") return parseSequence(")");
    if (ch === "'" || ch === '"' || (/[rRbBuU]/.test(ch) && /['"rRbB]/.test(text[pos + 1] ?? ""))) {
      let value = parseString();
      // Adjacent literals concatenate: 'a' 'b'
      for (;;) {
        const save = pos;
        skip();
        if (text[pos] === "'" || text[pos] === '"') value += parseString();
        else {
          pos = save;
          return value;
        }
      }
    }
    const word = /^(?:True|False|None|nan|inf|-inf|-?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?j?)/.exec(text.slice(pos, pos + 64));
    if (!word || !word[0]) fail(`unexpected character "${ch}"`);
    pos += word![0].length;
    switch (word![0]) {
      case "True":
        return true;
      case "False":
        return false;
      case "None":
        return null;
      case "nan":
        return null;
      case "inf":
        return Infinity;
      case "-inf":
        return -Infinity;
      default:
        return Number(word![0].replace(/_/g, "").replace(/j$/, ""));
    }
  };

  try {
    const value = parseValue();
    return { ok: true, value, end: pos };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message };
    throw error;
  }
}
