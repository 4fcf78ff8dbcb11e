// Demo Agent-RRM judgments: a reasoning trace, a critique that points at a step, a score that tracks correctness
// imperfectly (correct attempts score high, wrong ones low, with overlap and a few confidently wrong judgments), and the
// raw three-block output, sometimes malformed the way real RRM outputs are. The stored fields are what the project's
// RRM parser reads out of the raw text. Pure.
import type { Rng } from "@/lib/demo/prng";
import type { AttemptSpec, BuiltAttempt } from "@/lib/demo/trajectories";
import { MAX_LLM_CALLS } from "@/lib/demo/trajectories";
import type { NormalizedJudgment } from "@/lib/formats/trajectory-schema";
import { formatRrmOutput, parseRrmOutput } from "@/lib/rrm/parse-rrm-output";

export type Malformation = "fraction-outside" | "missing-score" | "truncated" | "preamble" | "trailing-dot";
export const MALFORMATIONS: readonly Malformation[] = ["fraction-outside", "missing-score", "truncated", "preamble", "trailing-dot"];

export type JudgmentOptions = {
  rrmModel: string;
  createdAt: string;
  malformed: Malformation | null;
  /** Judge as if the wrong answer were well supported (a confidently wrong RRM). */
  fooled: boolean;
  /** An earlier, noisier RRM checkpoint. */
  noisy?: boolean;
};

export type DemoJudgment = NormalizedJudgment & { createdAt: string };

function q(text: string | null | undefined, max = 80): string {
  const flat = (text ?? "").slice(0, max * 3).replace(/\u001b\[[0-9;]*m/g, "").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const toolList = (built: BuiltAttempt) => {
  const names = new Set<string>();
  for (const s of built.steps) if (s.kind === "tool_call" && s.tool) names.add(s.tool.name);
  return [...names];
};

function stepText(built: BuiltAttempt, index: number | null | undefined): string {
  if (index === null || index === undefined) return "";
  const s = built.steps[index];
  if (!s) return "";
  return s.text ?? (s.tool ? JSON.stringify(s.tool.arguments) : "");
}

function sampleScore(rng: Rng, spec: AttemptSpec, fooled: boolean, noisy: boolean): number {
  let x: number;
  const lucky = spec.correct && (spec.flaw === "missing tool call" || spec.flaw === "unverified guess");
  if (spec.termination !== "answer") x = rng.beta(1.3, 7);
  else if (spec.correct) x = lucky ? rng.beta(2.5, 4) : rng.beta(7, 2.2);
  else if (fooled) x = rng.beta(8, 1.8);
  else if (spec.answer === "partial" || spec.answer === "format") x = rng.beta(3, 4);
  else x = rng.beta(2, 5.5);
  if (noisy) x = 0.6 * x + 0.4 * rng.next();
  return Math.min(1, Math.max(0, Math.round(x * 100) / 100));
}

function critiqueOf(rng: Rng, spec: AttemptSpec, built: BuiltAttempt, fooled: boolean): string {
  const t = spec.task;
  const n = built.notes;
  const ans = built.finalAnswer;
  const tools = toolList(built);
  const lastStep = built.steps.length - 1;
  const firstHop = t.hops[0];
  const flawStep = n.flawStep ?? n.answerStep ?? lastStep;
  const flawQuote = n.flawQuote ?? q(stepText(built, flawStep));

  if (spec.termination === "error") {
    return `The run ended with an error after ${built.steps.filter((s) => s.kind === "tool_call").length} tool call(s) ("${q(built.error, 90)}"), so there is no answer to assess. Up to step ${lastStep} the approach (${tools.map((x) => `\`${x}\``).join(", ") || "no tools yet"}) was reasonable; the failure is in the environment, not in the reasoning.`;
  }
  if (spec.termination === "exceed_llm_calls") {
    const first = n.flawStep ?? n.searches[0] ?? 1;
    return `The agent used all ${MAX_LLM_CALLS} calls without answering. From step ${first} on it keeps issuing \`search\` with near-identical queries ("${q(n.repeatedQuery, 60)}" plus "official", "history", "wiki" …) instead of opening a promising result with \`browse\` or reformulating the question around ${firstHop ? `"${q(firstHop.title, 50)}"` : "its key entity"}.`;
  }
  if (spec.termination === "token_limit_reached") {
    return n.bigResultStep !== null
      ? `The trajectory hit the context limit. The \`browse\` result in step ${n.bigResultStep} is ${Math.round(n.bigResultChars / 1024)} KB of raw page text that stayed in context instead of being reduced to the one relevant line; after it the reasoning loops ("Wait, let me re-check that.") until it is cut off without an answer.`
      : `The trajectory hit the context limit: the reasoning in step ${lastStep} loops over the same check ("Wait, let me re-check that.", "Let me recount.") instead of trusting the ${n.pythons.length ? `\`python\` result in step ${n.pythons[n.pythons.length - 1] + 1}` : "computation"} and answering.`;
  }
  if (spec.termination === "no_tool_call") {
    return `In step ${lastStep} the agent stops with neither a tool call nor a \\boxed{} answer ("${q(stepText(built, lastStep), 70)}"). ${firstHop ? `It had only established "${q(firstHop.value, 40)}"; the next lookup (${q(t.hops[1]?.query ?? "verifying the answer", 50)}) was never made.` : "It should have finished the computation and committed to an answer."}`;
  }

  if (fooled) {
    const where = n.browses.at(-1) ?? n.pythons.at(-1) ?? n.searches.at(-1) ?? flawStep;
    return `The agent grounds its answer in a tool result (step ${where}: "${q(stepText(built, where + 1) || flawQuote, 70)}") and the final answer \\boxed{${ans}} follows from it. The trajectory is short and uses ${tools.map((x) => `\`${x}\``).join(" and ") || "its reasoning"} appropriately; I see no substantive error.`;
  }

  if (spec.correct) {
    const lucky = spec.flaw === "missing tool call" || spec.flaw === "unverified guess";
    if (lucky) {
      return `The answer \\boxed{${ans}} may well be right, but nothing in the trajectory supports it: ${tools.length ? `the ${tools.map((x) => `\`${x}\``).join("/")} results never state it` : "no tool was called"}, and step ${n.answerStep !== null ? n.answerStep - 1 : lastStep} simply asserts it. ${firstHop ? `A \`search\` for "${q(firstHop.query, 50)}" would have confirmed it.` : "Running the computation in `python` would have confirmed it."}`;
    }
    const evidence = n.browses.length ? n.browses[n.browses.length - 1] : n.pythons.length ? n.pythons[n.pythons.length - 1] : n.fileReads[0] ?? n.searches[0];
    const minor =
      spec.flaw === "unnecessary or repeated tool call"
        ? ` Minor: step ${n.flawStep} repeats the ${n.repeatedQuery ? `\`search\` for "${q(n.repeatedQuery, 50)}"` : "previous `python` run"}, which added nothing.`
        : rng.chance(0.3)
          ? " Minor: the reasoning could state the intermediate result explicitly before answering."
          : "";
    const fact = t.hops.length ? t.hops[t.hops.length - 1].fact : stepText(built, evidence === undefined ? undefined : evidence + 1);
    const what = evidence !== undefined ? `confirms the key fact with \`${built.steps[evidence]?.tool?.name ?? "search"}\` in step ${evidence} ("${q(fact, 70)}")` : "works it out directly";
    return `The agent ${what} and the final answer \\boxed{${ans}} follows from the evidence.${minor}`;
  }

  switch (spec.flaw) {
    case "missing tool call":
      return t.family === "math"
        ? `The agent did the arithmetic in its head (step ${flawStep}: "${q(flawQuote, 70)}") and never ran \`python\`; the result \\boxed{${ans}} is off. ${t.math ? `Computing it (${t.math.approach}) would have caught the slip.` : ""}`
        : `The agent answered without calling any tool: step ${flawStep} says "${q(flawQuote, 70)}". ${firstHop ? `A \`search\` for "${q(firstHop.query, 50)}" was needed` : "The claim needed checking"}; \\boxed{${ans}} is unsupported.`;
    case "unnecessary or repeated tool call":
      return `Step ${flawStep} repeats the ${n.repeatedQuery ? `\`search\` for "${q(n.repeatedQuery, 50)}"` : "previous tool call"} with identical arguments, and the agent never opens the result that matters. The final answer \\boxed{${ans}} is not what the retrieved pages support.`;
    case "wrong tool arguments": {
      const call = built.steps[flawStep];
      return `In step ${flawStep} the agent called \`${call?.tool?.name ?? "a tool"}\` with ${q(n.badArgument ?? flawQuote, 70)}, which fails ("${q(stepText(built, flawStep + 1), 60)}"). Instead of fixing the arguments it moves on and answers \\boxed{${ans}} without the evidence it wanted.`;
    }
    case "hallucinated tool result or file":
      return t.attachment
        ? `Step ${flawStep} claims "${q(flawQuote, 80)}", but the file was never opened: there is no \`file_reader\` call in the trajectory. The answer \\boxed{${ans}} is invented.`
        : `Step ${flawStep} asserts "${q(flawQuote, 70)}", but no tool result says this; the agent fills the gap from memory and answers \\boxed{${ans}}.`;
    case "uncritical trust in tool output":
      return t.family === "math"
        ? `The \`python\` output in step ${flawStep + 1} is accepted without checking the code ("${q(flawQuote, 60)}"), which does not ${t.math?.approach ?? "compute what is asked"}.`
        : `The agent took the text in step ${flawStep} at face value ("${q(flawQuote, 80)}") without checking it against the question; it concerns a different detail, so \\boxed{${ans}} is wrong.`;
    case "unverified guess":
      return `After the searches in step${n.searches.length > 1 ? "s" : ""} ${n.searches.join(", ")} returned nothing relevant, the agent guessed \\boxed{${ans}} with no evidence. It should have reformulated the query ${firstHop ? `(e.g. "${q(firstHop.title, 40)}")` : ""} or said it could not find the answer.`;
    case "faulty logic":
      return t.math
        ? `The code in step ${flawStep} ("${q(flawQuote, 60)}") does not ${t.math.approach}; the agent trusts its output and answers \\boxed{${ans}}.`
        : t.hops.length > 1
          ? `The lookups are fine, but the final step combines them wrongly: ${t.template === "paternal-grandfather" ? "it answers with the father instead of the grandfather" : "it answers with an intermediate entity instead of what the question asks for"}; \\boxed{${ans}} is the wrong hop (see step ${flawStep}).`
          : `The agent reached the right source (step ${flawStep}: "${q(flawQuote, 60)}") but answered with a different figure, \\boxed{${ans}}, which the source gives for something else.`;
    case "premature answer":
      return `The agent answered after a single \`search\` (step ${flawStep}) without opening any result${t.hops.length > 1 ? ` or looking up the second hop ("${q(t.hops[1].query, 50)}")` : ""}. The snippet it relied on does not state the answer; \\boxed{${ans}} is unverified.`;
    case "answer format":
      return `The agent found the right information, but the final answer "\\boxed{${ans}}" (step ${flawStep}) does not give what the question asks in the form it asks for; it should contain only the requested value.`;
    default:
      return `The final answer \\boxed{${ans}} rests on the text in step ${flawStep} ("${q(flawQuote, 70)}"), which answers a slightly different question than the one asked.`;
  }
}

function reasoningOf(rng: Rng, spec: AttemptSpec, built: BuiltAttempt, critique: string, score: number): string {
  const t = spec.task;
  const n = built.notes;
  const parts: string[] = [];
  parts.push(`Let me go through the trajectory. The question asks: "${q(t.question, 120)}"`);
  const calls = built.steps.filter((s) => s.kind === "tool_call");
  if (calls.length) {
    const first = calls[0];
    parts.push(`The agent starts with \`${first.tool?.name}\` in step ${first.index} (${q(JSON.stringify(first.tool?.arguments), 70)}).`);
    if (calls.length > 2) parts.push(`In total it makes ${calls.length} tool calls: ${[...new Set(calls.map((c) => c.tool?.name))].join(", ")}.`);
  } else {
    parts.push("The agent makes no tool calls at all.");
  }
  if (n.browses.length && rng.chance(0.7)) parts.push(`It opens ${n.browses.length} page(s); the first in step ${n.browses[0]}.`);
  if (built.finalAnswer && built.finalAnswer !== "[Failed]") parts.push(`Its final answer is ${q(built.finalAnswer, 60)}.`);
  else parts.push("It never commits to an answer.");
  parts.push(rng.pick([
    "I cannot check the answer against a reference, so I judge whether the trajectory supports it.",
    "Is the answer supported by the tool outputs, and was the search strategy sound?",
    "Let me check each claim in the final reasoning against the tool responses.",
  ]));
  parts.push(q(critique, 200));
  parts.push(score >= 0.7 ? "Overall the process is sound." : score >= 0.4 ? "Overall the process has real gaps." : "Overall the trajectory does not support a correct answer.");
  return parts.join(" ");
}

/** A judgment of a built attempt. */
export function buildJudgment(rng: Rng, spec: AttemptSpec, built: BuiltAttempt, options: JudgmentOptions): DemoJudgment {
  const score = sampleScore(rng, spec, options.fooled, options.noisy ?? false);
  const critique = critiqueOf(rng, spec, built, options.fooled);
  const reasoning = reasoningOf(rng, spec, built, critique, score);
  const base = { rrmModel: options.rrmModel, createdAt: options.createdAt };
  if (!options.malformed) {
    return { ...base, reasoning, critique, score, rawOutput: formatRrmOutput({ reasoning, critique, score }), parseStatus: "ok", parseNotes: [] };
  }
  let raw: string;
  switch (options.malformed) {
    case "fraction-outside":
      raw = `<think>\n${reasoning}\n</think>\n<critique>\n${critique}\n</critique>\nScore: ${Math.round(score * 10)}/10`;
      break;
    case "missing-score":
      raw = `<think>\n${reasoning}\n</think>\n<critique>\n${critique}\n</critique>`;
      break;
    case "truncated":
      raw = `<think>\n${reasoning.slice(0, Math.max(40, Math.floor(reasoning.length * rng.uniform(0.3, 0.8))))}`;
      break;
    case "preamble":
      raw = `Here is my evaluation of the trajectory.\n\n${formatRrmOutput({ reasoning, critique, score })}`;
      break;
    default:
      raw = `<think>\n${reasoning}\n</think>\n<critique>\n${critique}\n</critique>\n<score>${score}.</score>`;
  }
  const parsed = parseRrmOutput(raw);
  return {
    ...base,
    reasoning: parsed.reasoning,
    critique: parsed.critique,
    score: parsed.score,
    rawOutput: raw,
    parseStatus: parsed.status,
    parseNotes: parsed.notes,
  };
}
