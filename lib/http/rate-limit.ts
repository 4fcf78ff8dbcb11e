import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "@/lib/http/api-error";

const cache = globalThis as unknown as { workbenchLimiters?: Map<string, RateLimiterMemory> };

function limiter(name: string, points: number, durationSeconds: number): RateLimiterMemory {
  cache.workbenchLimiters ??= new Map();
  let found = cache.workbenchLimiters.get(name);
  if (!found) {
    found = new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds });
    cache.workbenchLimiters.set(name, found);
  }
  return found;
}

/**
 * Spends one point of `key` against a per-process limit and answers 429 with Retry-After when it is used up.
 * Limits are configurable by environment, e.g. INGEST_RATE_LIMIT=60 (requests per minute).
 */
export async function rateLimit(name: "ingest", key: string): Promise<void> {
  const perMinute = Number(process.env.INGEST_RATE_LIMIT) || 120;
  try {
    await limiter(`${name}:${perMinute}`, perMinute, 60).consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ApiError(429, "rate_limited", `Too many ${name} requests: try again in ${seconds} s`, { headers: { "Retry-After": String(seconds) } });
  }
}
