import "server-only";
import { z } from "zod";

const bytes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const limitsSchema = z.object({
  /** A single record above this is rejected (10 MB trajectories import comfortably). */
  INGEST_MAX_RECORD_BYTES: bytes(64 * 1024 * 1024),
  /** An archive (.eval) may not expand past this. */
  INGEST_MAX_EXPANDED_BYTES: bytes(2 * 1024 * 1024 * 1024),
  /** A single upload (request body) above this gets 413. */
  INGEST_MAX_BODY_BYTES: bytes(4 * 1024 * 1024 * 1024),
});

/** Ingest limits, configurable by environment. */
export function ingestLimits() {
  const env = limitsSchema.parse({
    INGEST_MAX_RECORD_BYTES: process.env.INGEST_MAX_RECORD_BYTES || undefined,
    INGEST_MAX_EXPANDED_BYTES: process.env.INGEST_MAX_EXPANDED_BYTES || undefined,
    INGEST_MAX_BODY_BYTES: process.env.INGEST_MAX_BODY_BYTES || undefined,
  });
  return {
    maxRecordBytes: env.INGEST_MAX_RECORD_BYTES,
    maxExpandedBytes: env.INGEST_MAX_EXPANDED_BYTES,
    maxBodyBytes: env.INGEST_MAX_BODY_BYTES,
  };
}
