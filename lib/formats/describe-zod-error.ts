// One line that says which fields of a record are wrong and how, e.g.
// "task.question: expected string, received undefined; steps[3].kind: invalid option". Pure.
import type { z } from "zod";

const MAX_ISSUES = 5;

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(record)";
}

export function describeZodError(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((issue) => `${formatPath(issue.path)}: ${issue.message.replace(/^Invalid input: /, "")}`);
  const more = error.issues.length - MAX_ISSUES;
  return parts.join("; ") + (more > 0 ? `; and ${more} more` : "");
}
