// What an Agent-RRM reads (Reagent, arXiv 2601.22154 §2 of the design notes): a system prompt plus one user message
// `Question: {question}\n\nAgent Trajectory: {trajectory}`; the trajectory in the agent's own Qwen3 ChatML
// conventions (<think>, <tool_call>, <tool_response>). Pure: no I/O.
import type { Step } from "@/lib/formats/trajectory-schema";

/**
 * The system prompt of rrm-sft exports. Written for this workbench from the paper's description of Agent-RRM (the
 * three blocks, reference-free judging of the reasoning process); replace it with your RRM's own prompt with
 * `npm run export -- --system-prompt-file FILE` when you train from a different one.
 */
export const RRM_SYSTEM_PROMPT = `You are an expert reviewer of tool-using AI agents. You are given a question and the full trajectory of an agent that tried to answer it: its reasoning, the tools it called with their arguments, the tool responses, and its final answer. You do not know the correct answer; judge the process.

Look for: missing or unnecessary tool calls, wrong tool arguments, hallucinated tool results or files, uncritical trust in tool output, unverified guesses, faulty logic, premature answers and answer format errors.

Respond with exactly three blocks and nothing else:
<think>your step-by-step analysis of the trajectory</think>
<critique>a focused critique for the agent: which steps were wrong, why, and what it should do instead</critique>
<score>a number between 0 and 1 rating the overall quality of the trajectory</score>`;

/** The trajectory as the agent produced it: assistant turns with <think> and <tool_call>, tool turns with <tool_response>. */
export function formatTrajectoryForRrm(steps: ReadonlyArray<Step>): string {
  const parts: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case "reasoning":
        parts.push(`<think>\n${step.text ?? ""}\n</think>`);
        break;
      case "tool_call":
        parts.push(`<tool_call>\n${JSON.stringify({ name: step.tool?.name ?? "unknown", arguments: step.tool?.arguments ?? {} })}\n</tool_call>`);
        break;
      case "tool_result":
        parts.push(`<tool_response>\n${step.text ?? ""}\n</tool_response>`);
        break;
      case "final_answer":
        parts.push(step.text ?? (step.answer !== undefined ? `\\boxed{${step.answer}}` : ""));
        break;
      case "message":
        if (step.role === "system") break; // the agent's own system prompt is not part of what the RRM judges
        if (step.index === 0 && step.role === "user") break; // the question, given separately
        parts.push(step.role ? `${step.role}: ${step.text ?? ""}` : (step.text ?? ""));
        break;
    }
  }
  return parts.join("\n\n");
}

export function rrmUserMessage(question: string, steps: ReadonlyArray<Step>): string {
  return `Question: ${question}\n\nAgent Trajectory: ${formatTrajectoryForRrm(steps)}`;
}
