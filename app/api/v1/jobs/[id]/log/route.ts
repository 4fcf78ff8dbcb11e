import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { assertOwnJob } from "@/lib/http/job-token-scope";
import { appendJobLog } from "@/lib/server/append-job-log";

const MAX_LOG_BYTES = 1024 * 1024;

/** A job appends its own output (text/plain, at most 1 MiB a request): { chars }. */
export const POST = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  assertOwnJob(principal, id, "post its log");
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_LOG_BYTES) throw new ApiError(413, "payload_too_large", `Post the log in pieces of at most ${MAX_LOG_BYTES} bytes`);
  return Response.json(await appendJobLog(id, text));
});
