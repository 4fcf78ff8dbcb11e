// Where to go after signing in. Pure.

export const DEFAULT_AFTER_SIGN_IN = "/runs";
const PARSE_BASE = "https://next-path.invalid";

/**
 * `value` when it is a path on this site ("/runs?x=1"), else `fallback`. Rejects absolute and protocol-relative
 * URLs, backslashes, control characters and the sign-in page itself (no loops).
 */
export function safeNextPath(value: string | null | undefined, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  try {
    const url = new URL(value, PARSE_BASE);
    if (url.origin !== PARSE_BASE) return fallback;
    if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** The sign-in page's address for someone who wanted `next`. */
export function signInPath(next: string | null | undefined, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const target = safeNextPath(next, "");
  if (target && target !== "/") params.set("next", target);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return query ? `/sign-in?${query}` : "/sign-in";
}

/** Request header through which proxy.ts tells server components the path being rendered (for `?next=`). */
export const REQUEST_PATH_HEADER = "x-rw-path";
