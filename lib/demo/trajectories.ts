// Builds one demo agent attempt: the normalized steps and, side by side, the same attempt as Reagent evaluation
// output (Qwen3 ChatML messages: `<think>…</think>` + `<tool_call>{…}</tool_call>` assistant turns, tool output as
// user turns wrapped in `<tool_response>…</tool_response>`, the answer in `\boxed{…}`). The attempt is told up front
// whether it ends correct, how it terminates and which mistake it makes, and writes a story that fits. Pure.
import type { Rng } from "@/lib/demo/prng";
import type { DemoTask, Hop } from "@/lib/demo/tasks";
import { noiseTitle } from "@/lib/demo/tasks";
import { THINK_CONNECTORS, THINK_OPENERS, TOWNS, personName } from "@/lib/demo/vocabulary";
import type { Step } from "@/lib/formats/trajectory-schema";

export const ERROR_TYPES = [
  "missing tool call",
  "unnecessary or repeated tool call",
  "wrong tool arguments",
  "hallucinated tool result or file",
  "uncritical trust in tool output",
  "unverified guess",
  "faulty logic",
  "premature answer",
  "answer format",
  "other",
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export type Termination = "answer" | "no_tool_call" | "exceed_llm_calls" | "token_limit_reached" | "error";

/** What the final answer is, decided before the story is written. */
export type AnswerKind = "truth" | "distractor" | "partial" | "format" | "none" | "failed";

export type AttemptSpec = {
  task: DemoTask;
  correct: boolean;
  termination: Termination;
  /** The attempt's main mistake (incorrect) or minor blemish (correct), null for a clean attempt. */
  flaw: ErrorType | null;
  answer: AnswerKind;
  /** A browsed page comes back as raw HTML with a script in it. */
  hostileHtml: boolean;
  /** Python output with ANSI colour codes. */
  ansi: boolean;
  /** Feedback a refined retry is conditioned on. */
  feedback: { critique: string; previousAnswer: string | null } | null;
};

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** Where the interesting things happened, for critiques that point at steps. */
export type AttemptNotes = {
  searches: number[];
  browses: number[];
  pythons: number[];
  fileReads: number[];
  /** The step where the main mistake shows. */
  flawStep: number | null;
  /** A short quote from that step. */
  flawQuote: string | null;
  answerStep: number | null;
  /** A tool result that was several KB of raw HTML. */
  bigResultStep: number | null;
  bigResultChars: number;
  repeatedQuery: string | null;
  badArgument: string | null;
};

export type BuiltAttempt = {
  steps: Step[];
  messages: ChatMessage[];
  finalAnswer: string | null;
  error: string | null;
  tokenCount: number;
  durationMs: number;
  notes: AttemptNotes;
};

export const SYSTEM_PROMPT =
  "You are a deep research assistant. Think step by step inside <think></think>. To use a tool, write <tool_call>{\"name\": …, \"arguments\": {…}}</tool_call>; results come back inside <tool_response></tool_response>. Tools: search(query: list of strings), browse(url, goal), python(code), file_reader(path). Put the final answer in \\boxed{}.";

export const MAX_LLM_CALLS = 30;
export const CONTEXT_LIMIT = 16384;

/** Asides that fit any reasoning turn. */
const FILLERS = [
  "The question wants a single value, so the final answer should be short.",
  "Let me keep track of what I have established so far.",
  "The wording of the question matters here: it asks for exactly one thing.",
  "Hmm, that phrasing is ambiguous; I will go with the most literal reading.",
  "Let me re-read the question once more to be sure what is asked.",
  "Units and formatting matter for the final answer.",
];

/** Asides for web research turns. */
const WEB_FILLERS = [
  ...FILLERS,
  "I should be careful not to mix up similarly named entries.",
  "There may be several people with this name; dates should disambiguate.",
  "It is worth checking a second source before committing.",
  "I have a limited number of calls, so each search should count.",
  "Snippets can be misleading, so opening the page is safer.",
  "This looks like a two-step lookup: first the entity, then the attribute.",
  "I will note the source URL so I can cite it if needed.",
  "If this fails I can try a more specific query with quotation marks.",
];

const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 3.9));

function quote(text: string, max = 90): string {
  const flat = text.slice(0, max * 3).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

class Builder {
  steps: Step[] = [];
  messages: ChatMessage[] = [];
  private turn = 0;
  private calls = 0;
  elapsed = 0;
  tokens = 0;
  notes: AttemptNotes = {
    searches: [], browses: [], pythons: [], fileReads: [], flawStep: null, flawQuote: null, answerStep: null,
    bigResultStep: null, bigResultChars: 0, repeatedQuery: null, badArgument: null,
  };

  constructor(private rng: Rng) {
    this.messages.push({ role: "system", content: SYSTEM_PROMPT });
  }

  get toolCalls() {
    return this.calls;
  }

  private push(step: Omit<Step, "index">): number {
    const index = this.steps.length;
    const full = orderedStep(index, step);
    this.steps.push(full);
    if (full.tokens) this.tokens += full.tokens;
    if (full.durationMs) this.elapsed += full.durationMs;
    return index;
  }

  private genMs(tokens: number) {
    return Math.round(tokens * this.rng.uniform(14, 32) + this.rng.uniform(150, 700));
  }

  user(text: string) {
    const tokens = tokensOf(text);
    this.push({ kind: "message", role: "user", turn: this.turn++, text, tokens });
    this.messages.push({ role: "user", content: text });
  }

  /** An assistant turn with reasoning and one tool call; returns the call's step index and id. */
  call(think: string, name: string, args: Record<string, unknown>): { step: number; callId: string } {
    const turn = this.turn++;
    const callId = `call_${turn}`;
    const thinkTokens = tokensOf(think);
    this.push({ kind: "reasoning", role: "assistant", turn, text: think, tokens: thinkTokens, durationMs: this.genMs(thinkTokens) });
    const json = JSON.stringify({ name, arguments: args });
    const callTokens = tokensOf(json);
    const step = this.push({ kind: "tool_call", role: "assistant", turn, tool: { arguments: sortedKeys(args), callId, name }, tokens: callTokens, durationMs: this.genMs(callTokens) });
    this.messages.push({ role: "assistant", content: `<think>\n${think}\n</think>\n<tool_call>\n${json}\n</tool_call>` });
    this.calls++;
    return { step, callId };
  }

  result(callId: string, name: string, text: string, options: { isError?: boolean; truncated?: number } = {}): number {
    const latency: Record<string, [number, number]> = { search: [600, 2600], browse: [2500, 16000], python: [120, 3500], file_reader: [200, 1400] };
    const [lo, hi] = latency[name] ?? [300, 2000];
    const result: Step["result"] = options.isError ? { callId, isError: true, name } : { callId, name };
    if (options.truncated) {
      result.originalLength = options.truncated;
      result.truncated = true;
    }
    const step = this.push({ kind: "tool_result", role: "tool", turn: this.turn++, text, result, tokens: tokensOf(text), durationMs: Math.round(this.rng.uniform(lo, hi)) });
    this.messages.push({ role: "user", content: `<tool_response>\n${text}\n</tool_response>` });
    return step;
  }

  answer(think: string, text: string, answer: string): number {
    const turn = this.turn++;
    const thinkTokens = tokensOf(think);
    this.push({ kind: "reasoning", role: "assistant", turn, text: think, tokens: thinkTokens, durationMs: this.genMs(thinkTokens) });
    const t = tokensOf(text);
    const step = this.push({ kind: "final_answer", role: "assistant", turn, text, answer, tokens: t, durationMs: this.genMs(t) });
    this.messages.push({ role: "assistant", content: `<think>\n${think}\n</think>\n${text}` });
    this.notes.answerStep = step;
    return step;
  }

  /** An assistant turn with neither a tool call nor an answer (termination no_tool_call). */
  say(think: string, text: string): number {
    const turn = this.turn++;
    const thinkTokens = tokensOf(think);
    this.push({ kind: "reasoning", role: "assistant", turn, text: think, tokens: thinkTokens, durationMs: this.genMs(thinkTokens) });
    const t = tokensOf(text);
    const step = this.push({ kind: "message", role: "assistant", turn, text, tokens: t, durationMs: this.genMs(t) });
    this.messages.push({ role: "assistant", content: `<think>\n${think}\n</think>\n${text}` });
    return step;
  }

  /** Reasoning cut off mid-sentence (termination token_limit_reached). */
  cut(think: string): number {
    const turn = this.turn++;
    const t = tokensOf(think);
    const step = this.push({ kind: "reasoning", role: "assistant", turn, text: think, tokens: t, durationMs: this.genMs(t) });
    this.messages.push({ role: "assistant", content: `<think>\n${think}` });
    return step;
  }

  flaw(step: number, quoted: string) {
    if (this.notes.flawStep === null) {
      this.notes.flawStep = step;
      this.notes.flawQuote = quote(quoted);
    }
  }
}

// Steps are built with their keys in sorted order and without undefined members, so that JSON.stringify of a demo
// record already is its canonical JSON (see demoCanonicalText in generate.ts): the seed hashes a million records.
function orderedStep(index: number, s: Omit<Step, "index">): Step {
  const o: Record<string, unknown> = {};
  if (s.answer !== undefined) o.answer = s.answer;
  if (s.durationMs !== undefined) o.durationMs = s.durationMs;
  o.index = index;
  o.kind = s.kind;
  if (s.metadata !== undefined) o.metadata = s.metadata;
  if (s.result !== undefined) o.result = s.result;
  if (s.role !== undefined) o.role = s.role;
  if (s.startedAt !== undefined) o.startedAt = s.startedAt;
  if (s.text !== undefined) o.text = s.text;
  if (s.tokens !== undefined) o.tokens = s.tokens;
  if (s.tool !== undefined) o.tool = s.tool;
  if (s.turn !== undefined) o.turn = s.turn;
  return o as Step;
}

function sortedKeys(args: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const key of Object.keys(args).sort()) o[key] = args[key];
  return o;
}

// --------------------------------------------------------------------------------------------------- text pieces

/** Reasoning text: the core sentences with a few asides between them (never before the first). */
function thinkText(rng: Rng, core: string[], fillers = rng.int(0, 2), bank: readonly string[] = FILLERS): string {
  const parts = [...core];
  for (const aside of fillers ? rng.sample(bank, fillers) : []) parts.splice(rng.int(1, parts.length), 0, aside);
  return parts.join(" ");
}

const webThink = (rng: Rng, core: string[], fillers = rng.int(0, 1)) => thinkText(rng, core, fillers, WEB_FILLERS);

function opener(rng: Rng, task: DemoTask): string {
  const q = task.question.length > 140 ? `${task.question.slice(0, 137)}…` : task.question;
  return `${rng.pick(THINK_OPENERS)} The question: "${q}"`;
}

function searchResults(rng: Rng, queries: string[], hopInfo: Hop | null, mode: "fact" | "decoy" | "noise"): string {
  const out: string[] = [];
  for (const q of queries) {
    const k = mode === "noise" ? rng.int(2, 3) : rng.int(2, 3);
    const hit = mode === "noise" ? -1 : rng.int(0, Math.min(1, k - 1));
    const lines = [`A search for '${q}' found ${k} results:`, "", "## Web Results"];
    for (let i = 0; i < k; i++) {
      const topic = hopInfo ? hopInfo.title : q;
      if (i === hit && hopInfo) {
        lines.push(`${i + 1}. [${hopInfo.title}](${hopInfo.url})`, mode === "fact" ? hopInfo.fact : hopInfo.decoy, "");
      } else {
        const title = noiseTitle(rng, topic);
        lines.push(`${i + 1}. [${title}](https://${rng.pick(["forum", "news", "archive", "blog", "library"])}.example.org/${rng.int(1000, 99999)})`,
          rng.chance(0.5) && hopInfo ? hopInfo.decoy : `${rng.pick(WEB_FILLERS)} ${rng.pick(["Posted", "Updated", "Archived"])} ${rng.int(2, 28)} ${rng.pick(["Jan", "Mar", "Jun", "Sep", "Nov"])} ${rng.int(2009, 2025)}.`, "");
      }
    }
    out.push(lines.join("\n").trimEnd());
  }
  return out.join("\n=======\n");
}

function browseSummary(rng: Rng, url: string, goal: string, hopInfo: Hop, useDecoy: boolean): string {
  const evidence = useDecoy ? hopInfo.decoy : hopInfo.fact;
  const extra: string[] = [];
  for (let i = 0, n = rng.int(0, 3); i < n; i++) extra.push(rng.pick(FILLERS));
  return [
    `The useful information in ${url} for user goal ${goal} as follows:`,
    "",
    "Evidence in page:",
    `${evidence} ${useDecoy ? "" : hopInfo.decoy}`.trim(),
    "",
    "Summary:",
    `${useDecoy ? `The page does not state this directly. Closest statement: "${hopInfo.decoy}"` : `The page states: "${evidence}"`} ${extra.join(" ")}`.trim(),
  ].join("\n");
}

const LOREM = [
  "The collection was reorganised after the move to the new building, and several series were renumbered.",
  "Visitors are asked to register at the front desk and to leave bags in the lockers provided.",
  "Opening hours may differ on public holidays; please check the calendar before your visit.",
  "The reading room holds reference works, bound periodicals and a small map cabinet.",
  "Our volunteers catalogue new acquisitions every Thursday afternoon.",
  "Photography for private study is permitted without flash.",
  "A full list of past exhibitions is available in the archive section of this site.",
  "Enquiries about loans should be addressed to the registrar at least six weeks in advance.",
];

/** A raw HTML page as a scraper would return it: navigation, inline script, handlers, javascript: links. */
function htmlPage(rng: Rng, title: string, fact: string, targetChars: number): string {
  const head = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n<script>alert(1)</script>\n<script src="https://cdn.example.org/analytics.js"></script>\n<style>body{font-family:Georgia,serif}.nav a{margin:0 6px}</style>\n</head>\n<body onload="alert('onload')">\n<div class="nav"><a href="/">Home</a> | <a href="/about">About</a> | <a href="/collections">Collections</a> | <a href="javascript:alert(3)">Log in</a></div>\n<main>\n<h1>${title}</h1>\n`;
  const tail = `<p><img src="x" onerror="alert(2)" alt="banner"> <a href="javascript:alert(document.cookie)">Download the PDF</a> — [markdown link](javascript:alert(4))</p>\n</main>\n<footer>© demo site · <a href="https://example.org/privacy">Privacy</a></footer>\n</body>\n</html>`;
  const body: string[] = [];
  let size = head.length + tail.length;
  let factPlaced = false;
  while (size < targetChars) {
    const para = !factPlaced && size > targetChars / 3 ? `<p><strong>${fact}</strong></p>` : `<p>${rng.pick(LOREM)} ${rng.pick(LOREM)}</p>`;
    if (para.includes(fact)) factPlaced = true;
    body.push(para);
    size += para.length + 1;
  }
  if (!factPlaced) body.push(`<p><strong>${fact}</strong></p>`);
  return head + body.join("\n") + "\n" + tail;
}

/** A long plain-text page dump (archive listing), for the long tail of tool outputs. */
function listingDump(rng: Rng, title: string, fact: string, targetChars: number): string {
  const lines = [`${title} — full text`, "=".repeat(40)];
  let size = 0;
  let row = 1;
  while (size < targetChars) {
    const line = row === 37 ? fact : `${String(row).padStart(4, "0")}  ${personName(rng)}  ${rng.pick(TOWNS)}  ${rng.int(1850, 2020)}  box ${rng.int(1, 400)}/${rng.int(1, 60)}  ${rng.pick(LOREM)}`;
    lines.push(line);
    size += line.length + 1;
    row++;
  }
  if (row <= 37) lines.push(fact);
  return lines.join("\n");
}

const ANSI = { red: "\u001b[0;31m", green: "\u001b[0;32m", bold: "\u001b[1m", reset: "\u001b[0m", cyan: "\u001b[0;36m", yellow: "\u001b[0;33m" };

function pythonTraceback(kind: "SyntaxError" | "NameError" | "ModuleNotFoundError", line: string, ansi: boolean): string {
  const c = ansi ? ANSI : { red: "", green: "", bold: "", reset: "", cyan: "", yellow: "" };
  if (kind === "SyntaxError") {
    return `${c.cyan}  Cell ${c.green}In[1], line 2${c.reset}\n    ${line}\n    ^\n${c.red}SyntaxError${c.reset}: invalid syntax`;
  }
  const name = /\b([A-Za-z_]\w*)\s*[(=.]/.exec(line.replace(/^\s*(print|from|import)\b\s*\(?/, ""))?.[1] ?? "n";
  const msg = kind === "NameError" ? `name '${name}' is not defined` : "No module named 'pandas_excel'";
  return [
    `${c.red}---------------------------------------------------------------------------${c.reset}`,
    `${c.red}${kind}${c.reset}                                 Traceback (most recent call last)`,
    `Cell ${c.green}In[1], line 1${c.reset}`,
    `${c.green}----> 1${c.reset} ${line}`,
    "",
    `${c.red}${kind}${c.reset}: ${msg}`,
  ].join("\n");
}

function pythonOutput(rng: Rng, value: string, ansi: boolean): string {
  if (!ansi) return `${value}\n`;
  return rng.chance(0.5)
    ? `${ANSI.bold}${ANSI.green}${value}${ANSI.reset}\n`
    : `${ANSI.yellow}[run 0.${rng.int(10, 99)}s]${ANSI.reset} result = ${ANSI.bold}${value}${ANSI.reset}\n`;
}

function boxed(rng: Rng, answer: string): string {
  return rng.pick([
    `The answer is \\boxed{${answer}}.`,
    `Final answer: \\boxed{${answer}}`,
    `Based on the evidence above, the answer is \\boxed{${answer}}.`,
    `\\boxed{${answer}}`,
  ]);
}

const ERRORS = [
  "Error code: 400 - {'object': 'error', 'message': \"This model's maximum context length is 32768 tokens. However, you requested 33207 tokens (29111 in the messages, 4096 in the completion). Please reduce the length of the messages or completion.\", 'type': 'BadRequestError', 'param': None, 'code': 400}",
  "openai.APIConnectionError: Connection error.",
  "Error code: 502 - upstream search service unavailable after 3 retries",
  "TimeoutError: tool 'browse' did not return within 120 s",
  "json.decoder.JSONDecodeError: Expecting ',' delimiter: line 1 column 58 (char 57) while parsing <tool_call>",
];

// --------------------------------------------------------------------------------------------------- the story

function answerFor(spec: AttemptSpec): string | null {
  const t = spec.task;
  switch (spec.answer) {
    case "truth":
      return t.groundTruth;
    case "distractor":
      return t.math && spec.task.family === "math" ? t.math.wrongValue : t.distractor;
    case "partial":
      return t.partial ?? t.distractor;
    case "format":
      return t.family === "math" || /^-?[\d,]+$/.test(t.groundTruth) ? `x = ${t.groundTruth}` : `${t.groundTruth} (according to the page)`;
    case "failed":
      return "[Failed]";
    default:
      return null;
  }
}

function searchArgs(rng: Rng, hopInfo: Hop): { query: string[] } {
  return rng.chance(0.2) ? { query: [hopInfo.query, `"${hopInfo.title}"`] } : { query: [hopInfo.query] };
}

/** Look up one hop: search, then usually browse. Returns what the agent now believes. */
function lookUp(b: Builder, rng: Rng, spec: AttemptSpec, hopInfo: Hop, i: number, opts: { decoy: boolean; browse: boolean; bigPage: boolean }): void {
  const core = [i === 0 ? opener(rng, spec.task) : `${rng.pick(THINK_CONNECTORS)} next I need to look up "${hopInfo.query}".`];
  if (i === 0) core.push(`First I will look for "${hopInfo.query}".`);
  const args = searchArgs(rng, hopInfo);
  const s = b.call(webThink(rng, core), "search", args);
  b.notes.searches.push(s.step);
  const resultStep = b.result(s.callId, "search", searchResults(rng, args.query, hopInfo, opts.decoy ? "decoy" : "fact"));
  if (opts.decoy && !opts.browse) b.flaw(resultStep, hopInfo.decoy);
  if (!opts.browse) return;
  const goal = `Find out: ${hopInfo.query}`;
  const bc = b.call(webThink(rng, [`The result "${hopInfo.title}" looks relevant.`, "Let me open it to confirm the details."], rng.int(0, 1)), "browse", { url: hopInfo.url, goal });
  b.notes.browses.push(bc.step);
  if (opts.bigPage) {
    const chars = spec.termination === "token_limit_reached" ? Math.round(rng.uniform(20000, 36000)) : Math.round(rng.logNormal(6000, 0.5));
    const page = spec.hostileHtml ? htmlPage(rng, hopInfo.title, hopInfo.fact, chars) : listingDump(rng, hopInfo.title, hopInfo.fact, chars);
    const step = b.result(bc.callId, "browse", spec.hostileHtml ? `[browse] summarizer unavailable; raw page content follows.\n\n${page}` : page);
    if (b.notes.bigResultStep === null) {
      b.notes.bigResultStep = step;
      b.notes.bigResultChars = page.length;
    }
  } else {
    b.result(bc.callId, "browse", browseSummary(rng, hopInfo.url, goal, hopInfo, opts.decoy));
  }
}

function finalThink(rng: Rng, spec: AttemptSpec, answer: string): string {
  const t = spec.task;
  const chain = t.hops.map((h) => h.value).join(" → ");
  if (spec.correct) {
    return thinkText(rng, [`Putting it together: ${chain || "the computation"} .`.replace(" .", "."), `So the answer should be ${answer}.`, "That matches everything I found."]);
  }
  if (t.family === "math" && spec.flaw !== "answer format") {
    return thinkText(rng, [spec.flaw === "missing tool call" ? `Doing it by hand, I get ${answer}.` : `The computation gives ${answer}.`, `So the answer is ${answer}.`]);
  }
  switch (spec.flaw) {
    case "faulty logic":
      return t.hops.length > 1
        ? thinkText(rng, [`From the pages: ${chain}.`, `${rng.pick(THINK_CONNECTORS)} the question is really about ${t.hops[0].value}, so the answer is ${answer}.`])
        : thinkText(rng, [`The page gives several figures.`, `${rng.pick(THINK_CONNECTORS)} the one the question wants should be ${answer}.`]);
    case "unverified guess":
      return thinkText(rng, ["I could not find a page that states this directly.", `The most plausible candidate is ${answer}; I will go with that.`]);
    case "hallucinated tool result or file":
      return t.attachment
        ? thinkText(rng, [opener(rng, t), `The attached file ${t.attachment.name} shows the totals per collector; ${answer} has the most items.`])
        : thinkText(rng, [`The source clearly says the answer is ${answer}.`, "No need to look further."]);
    case "answer format":
      return thinkText(rng, [`I found it: ${t.groundTruth}.`, "I will give some context in the answer so it is clear."]);
    default:
      return thinkText(rng, [`Based on what I found, the answer is ${answer}.`, rng.pick(["I am fairly confident.", "This seems right.", "Good enough."])]);
  }
}

function webStory(b: Builder, rng: Rng, spec: AttemptSpec, answer: string | null): void {
  const t = spec.task;
  const hops = t.hops;
  const flaw = spec.flaw;
  const wrong = !spec.correct;

  if (t.attachment) {
    // GAIA with a file: read it (or claim to have read it).
    if (flaw === "hallucinated tool result or file" && wrong) {
      // never opens the file; the answer turn claims to have read it
    } else {
      const path = flaw === "wrong tool arguments" && wrong ? `/mnt/data/${t.attachment.name.replace(".xlsx", ".csv")}` : t.attachment.name;
      const c = b.call(webThink(rng, [opener(rng, t), `The data is in the attached file ${t.attachment.name}. Let me read it.`]), "file_reader", { path });
      b.notes.fileReads.push(c.step);
      if (path !== t.attachment.name) {
        b.notes.badArgument = path;
        b.result(c.callId, "file_reader", `FileNotFoundError: [Errno 2] No such file or directory: '${path}'`, { isError: true });
        b.flaw(c.step, JSON.stringify({ path }));
      } else {
        b.result(c.callId, "file_reader", `Sheet1 (${t.attachment.content.split("\n").length - 2} rows)\n\n${t.attachment.content}`);
        if (t.math && rng.chance(0.7)) {
          const code = wrong && flaw === "faulty logic" ? t.math.wrongCode : t.math.code;
          const pc = b.call(webThink(rng, [`Let me ${t.math.approach} with python to be safe.`]), "python", { code });
          b.notes.pythons.push(pc.step);
          const out = wrong && flaw === "faulty logic" ? t.math.wrongValue : t.groundTruth;
          const collector = out.split(" ").length > 1 ? out : `${out}`;
          b.result(pc.callId, "python", pythonOutput(rng, collector, spec.ansi));
          if (wrong && flaw === "faulty logic") b.flaw(pc.step, code.split("\n").slice(-1)[0]);
        }
      }
    }
    return;
  }

  if (wrong && flaw === "missing tool call") {
    return; // answers straight from memory (the final turn says so)
  }
  if (wrong && flaw === "hallucinated tool result or file" && hops.length) {
    lookUp(b, rng, spec, hops[0], 0, { decoy: false, browse: false, bigPage: false });
    const step = b.steps.length - 1;
    b.flaw(step, hops[0].fact);
    return;
  }
  if (wrong && flaw === "wrong tool arguments" && hops.length) {
    const bad = rng.pick([hops[0].url.replace("https://", "htps:/"), hops[0].title, `${hops[0].url} ${hops[0].query}`]);
    b.notes.badArgument = bad;
    const c = b.call(webThink(rng, [opener(rng, t), "I think I know the page; let me open it directly."]), "browse", { url: bad, goal: hops[0].query });
    b.notes.browses.push(c.step);
    b.result(c.callId, "browse", `[browse] Error: "${bad}" is not a valid URL. Provide an absolute http(s) URL.`, { isError: true });
    b.flaw(c.step, JSON.stringify({ url: bad }));
    if (rng.chance(0.5)) lookUp(b, rng, spec, hops[0], 1, { decoy: true, browse: false, bigPage: false });
    return;
  }
  if (wrong && flaw === "premature answer" && hops.length) {
    lookUp(b, rng, spec, hops[0], 0, { decoy: true, browse: false, bigPage: false });
    b.flaw(b.notes.searches[0], hops[0].query);
    return;
  }
  if (wrong && flaw === "unverified guess" && hops.length) {
    for (let i = 0; i < Math.min(2, hops.length); i++) {
      const args = { query: [`${hops[i].query} ${rng.pick(["history", "wiki", "official"])}`] };
      const c = b.call(webThink(rng, [i === 0 ? opener(rng, t) : "Nothing useful yet.", `Let me try: ${args.query[0]}.`]), "search", args);
      b.notes.searches.push(c.step);
      b.result(c.callId, "search", searchResults(rng, args.query, hops[i], "noise"));
    }
    b.flaw(b.notes.searches[b.notes.searches.length - 1], "Nothing useful yet.");
    return;
  }

  // The ordinary story: look up every hop; the mistake (if any) happens on the way.
  const decoyHop = wrong && (flaw === "uncritical trust in tool output" || flaw === "other") ? hops.length - 1 : -1;
  const bigAt = spec.hostileHtml || spec.termination === "token_limit_reached" ? rng.int(0, Math.max(0, hops.length - 1)) : -1;
  for (let i = 0; i < hops.length; i++) {
    const decoy = i === decoyHop;
    const browse = decoy ? rng.chance(0.4) : i === bigAt || rng.chance(t.site ? 0.95 : 0.65);
    lookUp(b, rng, spec, hops[i], i, { decoy, browse, bigPage: i === bigAt });
    if (decoy) b.flaw(b.steps.length - 1, hops[i].decoy);
    if (flaw === "unnecessary or repeated tool call" && i === 0) {
      const again = b.call(webThink(rng, ["Let me search that again to be sure."], 0), "search", { query: [hops[i].query] });
      b.notes.searches.push(again.step);
      b.notes.repeatedQuery = hops[i].query;
      b.result(again.callId, "search", searchResults(rng, [hops[i].query], hops[i], "fact"));
      b.flaw(again.step, hops[i].query);
    }
  }
  if (t.math) {
    const slip = wrong && flaw === "faulty logic";
    const code = slip ? t.math.wrongCode : t.math.code;
    const c = b.call(webThink(rng, [`Now I need to ${t.math.approach}.`, "Let me compute it."]), "python", { code });
    b.notes.pythons.push(c.step);
    b.result(c.callId, "python", pythonOutput(rng, slip ? t.math.wrongValue : t.groundTruth, spec.ansi));
    if (slip) b.flaw(c.step, code.split("\n").slice(-1)[0]);
  } else if (wrong && flaw === "faulty logic" && hops.length) {
    b.flaw(b.steps.length - 1, hops[hops.length - 1].fact);
  }
}

function mathStory(b: Builder, rng: Rng, spec: AttemptSpec): void {
  const t = spec.task;
  const m = t.math!;
  const wrong = !spec.correct;
  const flaw = spec.flaw;
  const plan = thinkText(rng, [opener(rng, t), `The plan: ${m.approach}.`, rng.pick(["Let me write a quick script.", "I'll verify with python.", "Computing this by hand is error-prone, so I'll use python."])], rng.int(0, 2));
  if (wrong && flaw === "missing tool call") return; // mental arithmetic, no tool
  if (wrong && flaw === "wrong tool arguments") {
    const badLine = m.code.split("\n")[0].replace("(", "((");
    const c = b.call(plan, "python", { code: `${badLine}\n${m.code.split("\n").slice(1).join("\n")}` });
    b.notes.pythons.push(c.step);
    b.notes.badArgument = badLine;
    b.result(c.callId, "python", pythonTraceback("SyntaxError", badLine, spec.ansi), { isError: true });
    b.flaw(c.step, badLine);
    return;
  }
  const slip = wrong && (flaw === "faulty logic" || flaw === "uncritical trust in tool output");
  const code = slip ? m.wrongCode : m.code;
  const c = b.call(plan, "python", { code });
  b.notes.pythons.push(c.step);
  if (spec.ansi && rng.chance(0.3)) {
    b.result(c.callId, "python", pythonTraceback("NameError", code.split("\n").at(-1)!, true), { isError: true });
    const c2 = b.call(thinkText(rng, ["The cell failed; the variable was not defined in this session. Let me rerun the full script."], 0), "python", { code });
    b.notes.pythons.push(c2.step);
    b.result(c2.callId, "python", pythonOutput(rng, slip ? m.wrongValue : t.groundTruth, spec.ansi));
    if (slip) b.flaw(c2.step, code.split("\n").slice(-1)[0]);
  } else {
    b.result(c.callId, "python", pythonOutput(rng, slip ? m.wrongValue : t.groundTruth, spec.ansi));
    if (slip) b.flaw(c.step, code.split("\n").slice(-1)[0]);
  }
  if (flaw === "unnecessary or repeated tool call") {
    const again = b.call(thinkText(rng, ["Let me run it once more to double-check."], 0), "python", { code });
    b.notes.pythons.push(again.step);
    b.result(again.callId, "python", pythonOutput(rng, slip ? m.wrongValue : t.groundTruth, spec.ansi));
    b.flaw(again.step, code.split("\n").slice(-1)[0]);
  }
}

/** Pads a failing attempt that ran out of calls: more and more searches that go nowhere. */
function flounder(b: Builder, rng: Rng, spec: AttemptSpec, until: number): void {
  const hopInfo = spec.task.hops[0];
  const base = hopInfo ? hopInfo.query : spec.task.question.slice(0, 40);
  let first: number | null = null;
  while (b.toolCalls < until) {
    const variant = rng.pick(["", " official", " history", " wiki", " 2019", " list", " archive", " biography"]);
    const q = `${base}${variant}`;
    if (rng.chance(0.2) && hopInfo) {
      const c = b.call(webThink(rng, [`${rng.pick(THINK_CONNECTORS)} maybe the page itself has it.`], 0), "browse", { url: hopInfo.url, goal: base });
      b.notes.browses.push(c.step);
      b.result(c.callId, "browse", browseSummary(rng, hopInfo.url, base, hopInfo, true));
    } else {
      const c = b.call(webThink(rng, [`${rng.pick(THINK_CONNECTORS)} that did not settle it. Let me try "${q}".`], rng.int(0, 1)), "search", { query: [q] });
      b.notes.searches.push(c.step);
      if (first === null) first = c.step;
      b.result(c.callId, "search", searchResults(rng, [q], hopInfo ?? null, rng.chance(0.8) ? "noise" : "decoy"));
    }
  }
  b.notes.repeatedQuery ??= base;
  if (first !== null) b.flaw(first, base);
}

export function buildAttempt(rng: Rng, spec: AttemptSpec): BuiltAttempt {
  const b = new Builder(rng);
  const t = spec.task;
  b.user(t.question);
  if (spec.feedback) {
    b.user(
      `Your previous attempt ${spec.feedback.previousAnswer ? `answered \\boxed{${spec.feedback.previousAnswer}}` : "ended without an answer"}. A reviewer assessed it:\n\n${spec.feedback.critique}\n\nTake the review into account and solve the task again from the start.`,
    );
  }
  const answer = answerFor(spec);
  let error: string | null = null;

  if (spec.termination === "error") {
    // A few turns, then the run dies.
    if (t.family === "math") {
      const c = b.call(thinkText(rng, [opener(rng, t), `The plan: ${t.math!.approach}.`]), "python", { code: t.math!.code });
      b.notes.pythons.push(c.step);
    } else if (t.hops.length) {
      lookUp(b, rng, spec, t.hops[0], 0, { decoy: false, browse: rng.chance(0.5), bigPage: false });
      if (rng.chance(0.5) && t.hops[1]) {
        const c = b.call(thinkText(rng, ["Next hop."], 0), "search", { query: [t.hops[1].query] });
        b.notes.searches.push(c.step);
      }
    }
    error = rng.pick(ERRORS);
  } else {
    if (t.family === "math") mathStory(b, rng, spec);
    else webStory(b, rng, spec, answer);

    if (spec.termination === "exceed_llm_calls") {
      flounder(b, rng, spec, MAX_LLM_CALLS);
    } else if (spec.termination === "token_limit_reached") {
      if (b.notes.bigResultStep === null && t.hops.length) {
        const h = t.hops[0];
        const c = b.call(thinkText(rng, ["Let me read the full archive page."], 0), "browse", { url: h.url, goal: h.query });
        b.notes.browses.push(c.step);
        const page = listingDump(rng, h.title, h.fact, Math.round(rng.uniform(20000, 36000)));
        b.notes.bigResultStep = b.result(c.callId, "browse", page, { truncated: page.length + rng.int(20000, 200000) });
        b.notes.bigResultChars = page.length;
      }
      let rambling = `${rng.pick(THINK_CONNECTORS)} let me reconsider everything so far.`;
      const target = t.family === "math" ? rng.int(6000, 16000) : rng.int(1200, 4000);
      while (rambling.length < target) rambling += ` ${rng.pick(["Wait, let me re-check that.", "Hmm, but what if the other reading is intended?", "Let me recount.", rng.pick(FILLERS), "Actually, going back to the earlier step,"])}`;
      rambling += ` So the answer would be the one where the`;
      b.cut(rambling);
    } else if (spec.termination === "no_tool_call") {
      const guess = t.hops[0]?.value ?? t.distractor;
      b.say(thinkText(rng, ["I think I have most of what I need.", `It seems to involve ${guess}.`]), `I looked into this, and it appears to be related to ${guess}, but I could not confirm the exact answer.`);
    } else {
      // termination "answer"
      const final = answer ?? t.distractor;
      const think =
        spec.flaw === "missing tool call" && !spec.correct
          ? thinkText(rng, [opener(rng, t), `I recall that this is ${final}.`, "I don't think I need to search for this."])
          : finalThink(rng, spec, final);
      const step = b.answer(think, boxed(rng, final), final);
      if (spec.flaw === "missing tool call" || spec.flaw === "answer format" || (spec.flaw === "hallucinated tool result or file" && t.attachment)) {
        b.flaw(spec.flaw === "answer format" ? step : step - 1, spec.flaw === "answer format" ? `\\boxed{${final}}` : think);
      }
    }
  }

  const finalAnswer = spec.termination === "error" ? "[Failed]" : spec.termination === "answer" ? (answer ?? t.distractor) : null;
  return { steps: b.steps, messages: b.messages, finalAnswer, error, tokenCount: b.tokens, durationMs: b.elapsed, notes: b.notes };
}
