import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { rateLimit } from "@/lib/http/rate-limit";
import { limitBody } from "@/lib/http/limit-body";
import { assertMayWriteRun } from "@/lib/http/job-token-scope";
import { sourceFromStream } from "@/lib/server/format-source";
import { importSource } from "@/lib/server/import-source";
import { ingestLimits } from "@/lib/server/ingest-limits";

const querySchema = z.object({
  format: z.string().min(1).optional(),
  filename: z.string().min(1).max(500).optional(),
  importId: z.coerce.number().int().positive().optional(),
});

/**
 * Streams a file (NDJSON in the native format, or any supported format with ?format= or detected) into the run.
 * Answers { importId, runId, format, file, imported, duplicates, rejected, warnings, errors[≤100] }.
 */
export const POST = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const runId = z.coerce.number().int().positive().parse(params.id);
  assertMayWriteRun(principal, runId);
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  await rateLimit("ingest", principal.user.id);
  if (!req.body) throw new ApiError(400, "empty_body", "Send the file as the request body");
  const { maxBodyBytes } = ingestLimits();
  const body = limitBody(req, maxBodyBytes);
  const contentType = req.headers.get("content-type") ?? "";
  const name = query.filename ?? (contentType.includes("ndjson") ? "request.jsonl" : "request");
  const { source, sample } = await sourceFromStream(name, body);
  const report = await importSource({
    runId,
    source,
    sample,
    format: query.format ?? (contentType.includes("ndjson") && !query.filename ? "native" : null),
    createdBy: principal.user.id,
    importId: query.importId,
  });
  return Response.json(report);
});
