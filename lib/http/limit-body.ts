import "server-only";
import { ApiError } from "@/lib/http/api-error";

/**
 * The request body as a byte stream that fails with 413 once it passes `maxBytes` (checked up front from
 * Content-Length and again while streaming, since a client may not send one).
 */
export async function* limitBody(req: Request, maxBytes: number): AsyncGenerator<Uint8Array> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `The upload is larger than the ${maxBytes}-byte limit (INGEST_MAX_BODY_BYTES): split it into several files`);
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return;
  let size = 0;
  const reader = req.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge();
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
