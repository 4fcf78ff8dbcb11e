import { describe, expect, it } from "vitest";
import type { Step } from "@/lib/formats/trajectory-schema";
import {
  ARGUMENTS_PREVIEW_CHARS,
  countOccurrences,
  cutText,
  findInSteps,
  isCut,
  linkCritique,
  previewStep,
  splitMatches,
  STEP_PREVIEW_CHARS,
  stripAnsi,
  type StepView,
} from "@/lib/trajectory-text";

describe("stripAnsi", () => {
  it("removes colours, cursor movement, OSC titles and hyperlinks", () => {
    expect(stripAnsi("\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m")).toBe("red and bold green");
    expect(stripAnsi("\x1b[2K\x1b[1Gprogress 100%")).toBe("progress 100%");
    expect(stripAnsi("\x1b]0;window title\x07text")).toBe("text");
    expect(stripAnsi("\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\")).toBe("link");
    expect(stripAnsi("\x9b31mC1 CSI\x9b0m")).toBe("C1 CSI");
  });

  it("keeps tabs and newlines, normalizes carriage returns, drops other control characters", () => {
    expect(stripAnsi("a\tb\r\nc\rd\x00e\x07f\x08g")).toBe("a\tb\nc\ndefg");
  });

  it("leaves ordinary text (including non-ASCII) untouched and unallocated", () => {
    const text = "Plain text — with “quotes”, 中文 and emoji 🙂\nsecond line";
    expect(stripAnsi(text)).toBe(text);
  });

  it("handles a Python traceback with colours as real tools print it", () => {
    const tb = "\x1b[0;31mTraceback (most recent call last)\x1b[0m:\n  File \x1b[0;32m\"<stdin>\"\x1b[0m, line \x1b[0;32m1\x1b[0m\n\x1b[0;31mZeroDivisionError\x1b[0m: division by zero";
    expect(stripAnsi(tb)).toBe('Traceback (most recent call last):\n  File "<stdin>", line 1\nZeroDivisionError: division by zero');
  });
});

describe("step previews", () => {
  it("keeps short steps as they are", () => {
    const step: Step = { index: 0, kind: "reasoning", text: "short" };
    expect(previewStep(step)).toEqual(step);
    expect(isCut(previewStep(step))).toBe(false);
  });

  it("cuts long text to the preview and says how long it was", () => {
    const text = "x".repeat(10_000_000);
    const view = previewStep({ index: 3, kind: "tool_result", text });
    expect(view.text).toHaveLength(STEP_PREVIEW_CHARS);
    expect(view.textLength).toBe(10_000_000);
    expect(isCut(view)).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    const text = "a".repeat(STEP_PREVIEW_CHARS - 1) + "🙂" + "b".repeat(10);
    const view = previewStep({ index: 0, kind: "message", text });
    expect(view.text).toBe("a".repeat(STEP_PREVIEW_CHARS - 1));
    expect(cutText("🙂🙂", 3)).toBe("🙂");
  });

  it("replaces huge arguments by a preview of their JSON", () => {
    const code = "print(1)\n".repeat(2000);
    const view = previewStep({ index: 1, kind: "tool_call", tool: { name: "python", arguments: { code } } });
    expect(view.tool).toEqual({ name: "python", arguments: {} });
    expect(view.argumentsPreview).toHaveLength(ARGUMENTS_PREVIEW_CHARS);
    expect(view.argumentsPreview!.startsWith('{\n  "code": "print(1)')).toBe(true);
    expect(view.argumentsLength).toBeGreaterThan(ARGUMENTS_PREVIEW_CHARS);
  });

  it("drops bulky step metadata", () => {
    const view = previewStep({ index: 1, kind: "message", text: "hi", metadata: { blob: "y".repeat(5000) } });
    expect(view.metadata).toBeUndefined();
    expect(view.metadataOmitted).toBe(true);
  });
});

const steps: StepView[] = [
  { index: 0, kind: "message", role: "user", text: "What is the population of Paris in 1900?" },
  { index: 1, kind: "reasoning", text: "I should search for the census." },
  { index: 2, kind: "tool_call", tool: { name: "search", arguments: { query: "Paris population 1900 census" } } },
  { index: 3, kind: "tool_result", text: "\x1b[32mThe 1901 census counted 2,714,068 inhabitants.\x1b[0m" },
  { index: 4, kind: "tool_call", tool: { name: "file_reader", arguments: { path: "census.xlsx" } } },
  { index: 5, kind: "tool_result", text: "Sheet1: year,population / 1896,2536834" },
  { index: 6, kind: "final_answer", text: "\\boxed{2714068}", answer: "2714068" },
];

describe("in-page search", () => {
  it("finds text in any step, case-insensitively, with counts, including tool names and arguments", () => {
    expect(findInSteps(steps, "census")).toEqual([
      { index: 1, count: 1 },
      { index: 2, count: 1 },
      { index: 3, count: 1 },
      { index: 4, count: 1 },
    ]);
    expect(findInSteps(steps, "SEARCH")).toEqual([
      { index: 1, count: 1 },
      { index: 2, count: 1 },
    ]);
    expect(findInSteps(steps, "2714068")).toEqual([{ index: 6, count: 2 }]);
    expect(findInSteps(steps, "   ")).toEqual([]);
  });

  it("searches the text as shown (ANSI codes stripped)", () => {
    expect(findInSteps(steps, "counted 2,714,068")).toEqual([{ index: 3, count: 1 }]);
    expect(findInSteps(steps, "[32m")).toEqual([]);
  });

  it("counts and splits non-overlapping occurrences", () => {
    expect(countOccurrences("aaaa", "aa")).toBe(2);
    expect(splitMatches("Paris or PARIS", "paris")).toEqual([
      { text: "Paris", match: true },
      { text: " or ", match: false },
      { text: "PARIS", match: true },
    ]);
    expect(splitMatches("abc", "")).toEqual([{ text: "abc", match: false }]);
  });
});

describe("critique → step links", () => {
  const links = (critique: string) => linkCritique(critique, steps).filter((s) => s.step !== undefined).map((s) => [s.text, s.step, s.kind]);

  it("links step numbers that exist, including lists of them", () => {
    expect(links("In step 3 the result is misread; Step 9 does not exist.")).toEqual([["step 3", 3, "step"]]);
    expect(links("Steps 1, 2 and 5 repeat themselves.")).toEqual([
      ["Steps 1", 1, "step"],
      ["2", 2, "step"],
      ["5", 5, "step"],
    ]);
  });

  it("links tools named in backticks (and unmistakable tool names) to their first call", () => {
    expect(links("The agent never opens the result with `browse` but uses `search` well.")).toEqual([["`search`", 2, "tool"]]);
    expect(links("It trusted file_reader blindly.")).toEqual([["file_reader", 4, "tool"]]);
    // the plain word is not a tool reference
    expect(links("A better search query would help.")).toEqual([]);
  });

  it("links quoted passages to the step that contains them, ignoring a trailing ellipsis and spacing", () => {
    expect(links('It relied on "The 1901 census counted 2,714,068…" without checking the year.')).toEqual([
      ['"The 1901 census counted 2,714,068…"', 3, "quote"],
    ]);
    expect(links("The reasoning says “I should   search for the census.”")).toEqual([["“I should   search for the census.”", 1, "quote"]]);
    expect(links('A quote that is nowhere: "completely invented text"')).toEqual([]);
  });

  it("keeps the whole critique text, in order, with no overlaps", () => {
    const critique = 'In step 3 ("The 1901 census counted 2,714,068") the `search` result is misread; see steps 5 and 6.';
    const segments = linkCritique(critique, steps);
    expect(segments.map((s) => s.text).join("")).toBe(critique);
    expect(segments.filter((s) => s.step !== undefined).map((s) => s.step)).toEqual([3, 3, 2, 5, 6]);
  });

  it("copes with critiques that hold nothing to link, or markup", () => {
    expect(linkCritique("", steps)).toEqual([]);
    expect(linkCritique("<script>alert(1)</script>", steps)).toEqual([{ text: "<script>alert(1)</script>" }]);
  });
});
