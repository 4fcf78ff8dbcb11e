// The error every API route answers with: { error: { code, message, issues? } }. Pure, so clients can parse it.
import * as z from "zod";

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 504;

export const apiIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ApiIssue = z.infer<typeof apiIssueSchema>;

export const apiErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(apiIssueSchema).optional() }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/**
 * Throw from a route handler or a lib/server function to answer with `status`: `code` is a stable snake_case
 * identifier for programs, `message` a sentence for people (what happened and what to do).
 */
export class ApiError extends Error {
  readonly status: ApiErrorStatus;
  readonly code: string;
  readonly issues?: ApiIssue[];
  readonly headers?: Record<string, string>;

  constructor(
    status: ApiErrorStatus,
    code: string,
    message: string,
    options: { issues?: ApiIssue[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = options.issues;
    this.headers = options.headers;
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

/** Zod issues as `{ path: "scopes.0", message }`. */
export function zodIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => String(part)).join("."),
    message: issue.message,
  }));
}

/** The message of an API error response body, or `fallback` when the body is not one. */
export function apiErrorMessage(body: unknown, fallback: string): string {
  const parsed = apiErrorBodySchema.safeParse(body);
  if (!parsed.success) return fallback;
  const { message, issues } = parsed.data.error;
  return issues?.length ? `${message}: ${issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ")}` : message;
}
