// Reagent-C's second answer: the agent sees the question, its own first attempt and the RRM's critique, and answers
// again. The conversation is rebuilt from stored data on both sides (the work a job is handed, and the refined
// attempt the workbench stores from the job's answer), so it lives here, pure: no I/O.
import type { Step } from "@/lib/formats/trajectory-schema";

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** What follows the first attempt; `{critique}` is replaced by the RRM's critique. Jobs may bring their own. */
export const REFINE_INSTRUCTION = `A reviewer examined your attempt above and wrote this critique:

{critique}

Take the critique into account: fix what it points out, check your answer, and answer the question again. Put your final answer in \\boxed{}.`;

/**
 * A trajectory as the agent's own chat turns, in Qwen3 ChatML conventions: assistant turns hold <think> and
 * <tool_call> blocks and the answer, tool output comes back as a user turn in <tool_response>. The question (the
 * first user message, before the agent acted) and system prompts are left out: the caller puts the question first.
 */
export function stepsAsChat(steps: ReadonlyArray<Step>): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let lastTurn: number | undefined;
  let questionSeen = false;
  const push = (role: "user" | "assistant", text: string, turn: number | undefined) => {
    const last = messages.at(-1);
    if (last && last.role === role && (turn === undefined || turn === lastTurn)) last.content += `\n${text}`;
    else messages.push({ role, content: text });
    lastTurn = turn;
  };
  for (const step of steps) {
    switch (step.kind) {
      case "reasoning":
        push("assistant", `<think>\n${step.text ?? ""}\n</think>`, step.turn);
        break;
      case "tool_call":
        push("assistant", `<tool_call>\n${JSON.stringify({ name: step.tool?.name ?? "unknown", arguments: step.tool?.arguments ?? {} })}\n</tool_call>`, step.turn);
        break;
      case "tool_result":
        push("user", `<tool_response>\n${step.text ?? ""}\n</tool_response>`, step.turn);
        break;
      case "final_answer":
        push("assistant", step.text ?? (step.answer !== undefined ? `\\boxed{${step.answer}}` : ""), step.turn);
        break;
      case "message":
        if (step.role === "system") break;
        // The first user message before the agent acted is the question (after a system prompt, if any).
        if (step.role === "user" && !questionSeen && !messages.length) {
          questionSeen = true;
          break;
        }
        push(step.role === "assistant" ? "assistant" : "user", step.text ?? "", step.turn);
        break;
    }
  }
  return messages;
}

/** The messages the agent model gets for its critique-conditioned retry. */
export function refinementMessages(question: string, firstAttempt: ReadonlyArray<Step>, critique: string, instruction = REFINE_INSTRUCTION): ChatMessage[] {
  return [
    { role: "user", content: question },
    ...stepsAsChat(firstAttempt),
    { role: "user", content: instruction.replaceAll("{critique}", critique.trim()) },
  ];
}
