import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodError } from "@/lib/formats/describe-zod-error";
import { normalizedTrajectorySchema } from "@/lib/formats/trajectory-schema";

describe("describeZodError", () => {
  it("names the field paths of a normalized trajectory that are wrong", () => {
    const result = normalizedTrajectorySchema.safeParse({ task: { benchmark: "GAIA" }, steps: [{ index: 0, kind: "dance" }] });
    expect(result.success).toBe(false);
    const message = describeZodError(result.error!);
    expect(message).toContain("task.question: expected string, received undefined");
    expect(message).toContain("steps[0].kind:");
  });

  it("caps the list and says how many more", () => {
    const schema = z.object(Object.fromEntries("abcdefg".split("").map((k) => [k, z.string()])));
    const message = describeZodError(schema.safeParse({}).error!);
    expect(message.split("; ")).toHaveLength(6);
    expect(message).toMatch(/and 2 more$/);
  });
});
