// GET a workbench API URL from the browser without zod (the reader's bundle stays small): the body is trusted to be
// what the route's schema in lib/trajectory-schemas.ts says, as the server built it from that schema's type.

type ErrorBody = { error?: { message?: unknown; issues?: { path?: unknown; message?: unknown }[] } };

function messageOf(body: unknown, fallback: string): string {
  const error = (body as ErrorBody | null)?.error;
  if (!error || typeof error.message !== "string") return fallback;
  const issues = Array.isArray(error.issues) ? error.issues.filter((i) => typeof i?.message === "string") : [];
  return issues.length ? `${error.message}: ${issues.map((i) => (i.path ? `${String(i.path)}: ${String(i.message)}` : String(i.message))).join("; ")}` : error.message;
}

export async function getJson<T>(url: string, init: { signal?: AbortSignal; method?: "GET" | "DELETE" } = {}): Promise<T> {
  const response = await fetch(url, { method: init.method ?? "GET", headers: { Accept: "application/json" }, credentials: "same-origin", signal: init.signal });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  if (!response.ok) throw new Error(messageOf(body, `The server answered ${response.status} ${response.statusText}`.trim()));
  return body as T;
}
