import "server-only";
import type * as z from "zod";
import { ApiError } from "@/lib/http/api-error";

export const DEFAULT_JSON_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads a JSON request body of at most `maxBytes` (413 beyond, checked while streaming, not only from
 * Content-Length) and parses it with `schema` (a ZodError, i.e. 400 through apiRoute, when it does not fit).
 */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  { maxBytes = DEFAULT_JSON_LIMIT_BYTES }: { maxBytes?: number } = {},
): Promise<z.output<S>> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `The request body is larger than ${maxBytes} bytes`);
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", text.trim() ? "The request body is not valid JSON" : "The request body is empty: send JSON");
  }
  return schema.parse(data);
}
