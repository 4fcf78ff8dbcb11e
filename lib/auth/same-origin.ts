// CSRF: is a browser request coming from a page of this very site? Pure (works on any Headers).

/**
 * True when the request says it comes from this origin: `Sec-Fetch-Site: same-origin`, or an `Origin` whose host
 * equals the `Host` header (so it works on localhost, 127.0.0.1, any port, without configuration), or an `Origin`
 * equal to `appUrl`'s (APP_URL, for a reverse proxy that rewrites Host). Requests without either header are not
 * same-origin.
 */
export function isSameOriginRequest(headers: Headers, appUrl?: string | null): boolean {
  if (headers.get("sec-fetch-site") === "same-origin") return true;
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (appUrl) {
    try {
      if (new URL(appUrl).origin === parsed.origin) return true;
    } catch {
      // an invalid APP_URL is reported where it is read
    }
  }
  const host = headers.get("host");
  return !!host && parsed.host.toLowerCase() === host.trim().toLowerCase();
}

/** True when the request carries browser provenance headers (Origin or Fetch Metadata). */
export function hasBrowserProvenance(headers: Headers): boolean {
  return headers.has("origin") || headers.has("sec-fetch-site");
}

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
