import { describe, expect, it } from "vitest";
import type { Step } from "@/lib/formats/trajectory-schema";
import { REFINE_INSTRUCTION, refinementMessages, stepsAsChat } from "@/lib/rrm/refine-prompt";

const attempt: Step[] = [
  { index: 0, turn: 0, kind: "message", role: "user", text: "Who built the tower?" },
  { index: 1, turn: 1, kind: "reasoning", role: "assistant", text: "Search first." },
  { index: 2, turn: 1, kind: "tool_call", role: "assistant", tool: { name: "search", arguments: { query: "tower builder" } } },
  { index: 3, turn: 2, kind: "tool_result", role: "tool", text: "Gustave Eiffel's company built it." },
  { index: 4, turn: 3, kind: "final_answer", role: "assistant", text: "\\boxed{Eiffel}", answer: "Eiffel" },
];

describe("Reagent-C retry conversation", () => {
  it("gives the agent its own turns back in Qwen3 ChatML, without the question and system prompts", () => {
    expect(stepsAsChat([{ index: 0, kind: "message", role: "system", text: "You are an agent." }, ...attempt.map((s) => ({ ...s, index: s.index + 1 }))])).toEqual([
      { role: "assistant", content: '<think>\nSearch first.\n</think>\n<tool_call>\n{"name":"search","arguments":{"query":"tower builder"}}\n</tool_call>' },
      { role: "user", content: "<tool_response>\nGustave Eiffel's company built it.\n</tool_response>" },
      { role: "assistant", content: "\\boxed{Eiffel}" },
    ]);
  });

  it("keeps two assistant turns in a row apart", () => {
    const twoTurns: Step[] = [
      { index: 0, turn: 0, kind: "message", role: "assistant", text: "First thought." },
      { index: 1, turn: 1, kind: "final_answer", role: "assistant", text: "\\boxed{1}", answer: "1" },
    ];
    expect(stepsAsChat(twoTurns)).toEqual([{ role: "assistant", content: "First thought." }, { role: "assistant", content: "\\boxed{1}" }]);
  });

  it("asks again: question, the first attempt, then the critique inside the instruction", () => {
    const messages = refinementMessages("Who built the tower?", attempt, "  Step 3 trusted the search snippet.  ");
    expect(messages[0]).toEqual({ role: "user", content: "Who built the tower?" });
    expect(messages).toHaveLength(5);
    expect(messages[4].role).toBe("user");
    expect(messages[4].content).toBe(REFINE_INSTRUCTION.replace("{critique}", "Step 3 trusted the search snippet."));
    expect(refinementMessages("q", [], "c", "Critique: {critique}. Again: {critique}")).toEqual([
      { role: "user", content: "q" },
      { role: "user", content: "Critique: c. Again: c" },
    ]);
  });
});
