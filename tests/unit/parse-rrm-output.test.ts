import { describe, expect, it } from "vitest";
import { formatRrmOutput, parseRrmOutput, parseScoreText } from "@/lib/rrm/parse-rrm-output";

describe("parseScoreText", () => {
  it.each([
    ["0.73", 0.73],
    [" 0.7. ", 0.7],
    [".5", 0.5],
    ["1", 1],
    ["0", 0],
    ["7/10", 0.7],
    ["3 / 4", 0.75],
    ["70%", 0.7],
    ["Score: 0.8", 0.8],
    ["0.85\n", 0.85],
  ])("reads %j as %d", (text, expected) => {
    const result = parseScoreText(text);
    expect(result).toEqual({ score: expected });
  });

  it.each([
    ["", "empty"],
    ["high", "no number"],
    ["7", "outside [0, 1]"],
    ["-0.2", "outside [0, 1]"],
    ["12/10", "outside [0, 1]"],
    ["150%", "outside [0, 1]"],
    ["1/0", "divides by zero"],
    ["0.3 or 0.4", "several numbers"],
  ])("rejects %j (%s)", (text, reason) => {
    const result = parseScoreText(text);
    expect("error" in result && result.error).toContain(reason);
  });
});

describe("parseRrmOutput", () => {
  it("parses the well-formed three blocks as ok", () => {
    const raw = "<think>The agent searched twice.</think>\n<critique>It never verified the date.</critique>\n<score>0.35</score>";
    expect(parseRrmOutput(raw)).toEqual({
      reasoning: "The agent searched twice.",
      critique: "It never verified the date.",
      score: 0.35,
      status: "ok",
      notes: [],
    });
  });

  it("round-trips what formatRrmOutput writes", () => {
    const raw = formatRrmOutput({ reasoning: "r", critique: "c", score: 0.9 });
    expect(parseRrmOutput(raw)).toMatchObject({ reasoning: "r", critique: "c", score: 0.9, status: "ok" });
  });

  it("is case- and whitespace-tolerant in tags", () => {
    const parsed = parseRrmOutput("<THINK >a</THINK><Critique>b</Critique><score >7/10</score>");
    expect(parsed).toMatchObject({ reasoning: "a", critique: "b", score: 0.7, status: "ok" });
  });

  it("marks a missing think block as partial but keeps critique and score", () => {
    const parsed = parseRrmOutput("<critique>Too short.</critique><score>0.2</score>");
    expect(parsed).toMatchObject({ reasoning: null, critique: "Too short.", score: 0.2, status: "partial" });
    expect(parsed.notes).toContain("no <think> block");
  });

  it("fails without a usable score, keeping the text", () => {
    const parsed = parseRrmOutput("<think>hmm</think><critique>Wrong tool.</critique>");
    expect(parsed).toMatchObject({ reasoning: "hmm", critique: "Wrong tool.", score: null, status: "failed" });
    expect(parsed.notes).toContain("no <score> block");
  });

  it("fails on an out-of-range score instead of clamping it", () => {
    const parsed = parseRrmOutput("<think>a</think><critique>b</critique><score>7</score>");
    expect(parsed.score).toBeNull();
    expect(parsed.status).toBe("failed");
    expect(parsed.notes.join(" ")).toContain("outside [0, 1]");
  });

  it("notes text outside the blocks and reads a loose score there as partial", () => {
    const parsed = parseRrmOutput("<think>a</think>\n<critique>b</critique>\nFinal score: 0.6.");
    expect(parsed).toMatchObject({ score: 0.6, status: "partial" });
    expect(parsed.notes).toEqual(expect.arrayContaining(["no <score> block", "text outside the blocks", "score read from text outside the blocks"]));
  });

  it("reads an unclosed block up to the next block", () => {
    const parsed = parseRrmOutput("<think>reasoning here<critique>the critique</critique><score>0.4</score>");
    expect(parsed).toMatchObject({ reasoning: "reasoning here", critique: "the critique", score: 0.4, status: "partial" });
    expect(parsed.notes).toContain("<think> is not closed");
  });

  it("reads an unclosed score at the end", () => {
    const parsed = parseRrmOutput("<think>a</think><critique>b</critique><score>0.9");
    expect(parsed).toMatchObject({ score: 0.9, status: "partial" });
  });

  it("keeps plain text without any block as the critique, with no score", () => {
    const parsed = parseRrmOutput("  The trajectory looks fine overall.  ");
    expect(parsed).toMatchObject({ reasoning: null, critique: "The trajectory looks fine overall.", score: null, status: "failed" });
  });

  it("treats an empty output as failed with nothing invented", () => {
    expect(parseRrmOutput("")).toMatchObject({ reasoning: null, critique: null, score: null, status: "failed" });
  });

  it("does not let a score-like number inside the critique leak into the score", () => {
    const parsed = parseRrmOutput("<think>x</think><critique>Step 3 says 0.99 but</critique><score>0.1</score>");
    expect(parsed.score).toBe(0.1);
  });
});
