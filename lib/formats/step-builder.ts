// Builds a normalized step list: dense indices, turn numbers, and tool results paired with their calls (by call id
// when the source has one, else by order within the assistant turn that made the calls). Pure.
import type { Step, StepRole, ToolCall } from "@/lib/formats/trajectory-schema";

type PendingCall = { callId?: string; name: string };
type Extra = Pick<Step, "tokens" | "durationMs" | "startedAt" | "metadata">;

export class StepBuilder {
  readonly steps: Step[] = [];
  private turn = -1;
  private pending: PendingCall[] = [];

  /** Starts a new source turn (a message). An assistant turn forgets calls of earlier turns still waiting for output. */
  startTurn(role?: StepRole): void {
    this.turn++;
    if (role === "assistant") this.pending = [];
  }

  get currentTurn(): number {
    return Math.max(this.turn, 0);
  }

  private push(step: Omit<Step, "index" | "turn">): Step {
    const full = { index: this.steps.length, turn: this.currentTurn, ...step } as Step;
    for (const key of Object.keys(full) as (keyof Step)[]) if (full[key] === undefined) delete full[key];
    this.steps.push(full);
    return full;
  }

  message(role: StepRole | undefined, text: string, extra: Extra = {}): Step {
    return this.push({ kind: "message", role, text, ...extra });
  }

  reasoning(text: string, extra: Extra = {}): Step {
    return this.push({ kind: "reasoning", role: "assistant", text, ...extra });
  }

  toolCall(tool: ToolCall, extra: Extra & { text?: string } = {}): Step {
    const { text, ...rest } = extra;
    const clean: ToolCall = { name: tool.name, arguments: tool.arguments, ...(tool.callId ? { callId: tool.callId } : {}) };
    this.pending.push({ callId: tool.callId, name: tool.name });
    return this.push({ kind: "tool_call", role: "assistant", text, tool: clean, ...rest });
  }

  /**
   * A tool's output. Pairs with the call of the same id, else with the oldest call of the current turn not yet
   * answered. Its role is "tool" even when the source sent it as a user turn (<tool_response> blocks).
   */
  toolResult(text: string, ref: { callId?: string; name?: string; isError?: boolean; truncated?: boolean; originalLength?: number } = {}, extra: Extra = {}): Step {
    let call: PendingCall | undefined;
    if (ref.callId) {
      const at = this.pending.findIndex((p) => p.callId === ref.callId);
      if (at !== -1) call = this.pending.splice(at, 1)[0];
    } else if (this.pending.length) {
      call = this.pending.shift();
    }
    const result: NonNullable<Step["result"]> = {};
    const callId = ref.callId ?? call?.callId;
    const name = ref.name ?? call?.name;
    if (callId) result.callId = callId;
    if (name) result.name = name;
    if (ref.isError !== undefined) result.isError = ref.isError;
    if (ref.truncated !== undefined) result.truncated = ref.truncated;
    if (ref.originalLength !== undefined) result.originalLength = ref.originalLength;
    return this.push({ kind: "tool_result", role: "tool", text, result, ...extra });
  }

  finalAnswer(text: string, answer: string | null, extra: Extra & { role?: StepRole } = {}): Step {
    const { role = "assistant", ...rest } = extra;
    return this.push({ kind: "final_answer", role, text, ...(answer !== null ? { answer } : {}), ...rest });
  }

  /** Calls made in the current assistant turn that have no result yet. */
  get pendingCallCount(): number {
    return this.pending.length;
  }

  /** The answer of the last final_answer step, if any. */
  get finalAnswerValue(): string | null {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const step = this.steps[i];
      if (step.kind === "final_answer") return step.answer ?? null;
    }
    return null;
  }
}
