// Browser-side calls to the workbench API: JSON in, zod-checked JSON out, errors as Error(message). Pure.
import type * as z from "zod";
import { type ApiIssue, apiErrorBodySchema, apiErrorMessage } from "@/lib/http/api-error";

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The field-level issues of a 400, `{ path: "params.runId", message }`. */
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** Calls `url`; answers parsed with `schema` (pass null for 204 answers). Throws ApiRequestError on non-2xx. */
export async function fetchJson<S extends z.ZodType | null>(
  url: string,
  schema: S,
  init: { method?: string; body?: unknown } = {},
): Promise<S extends z.ZodType ? z.output<S> : null> {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: handled below
  }
  if (!response.ok) {
    const issues = apiErrorBodySchema.safeParse(data).data?.error.issues ?? [];
    throw new ApiRequestError(apiErrorMessage(data, `The server answered ${response.status} ${response.statusText}`.trim()), response.status, issues);
  }
  return (schema ? schema.parse(data) : null) as S extends z.ZodType ? z.output<S> : null;
}
