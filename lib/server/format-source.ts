import "server-only";
import { createReadStream, statSync } from "node:fs";
import type { FormatSample, FormatSource } from "@/lib/formats/format-adapter";

export const SAMPLE_BYTES = 256 * 1024;

function sample(name: string, chunks: Uint8Array[], complete: boolean): FormatSample {
  const headBytes = Buffer.concat(chunks).subarray(0, SAMPLE_BYTES);
  // A cut may fall inside a multi-byte character: decode leniently, detection only needs a look.
  return { name, head: new TextDecoder("utf-8").decode(headBytes), headBytes, complete };
}

/** A file on disk: re-readable, so detection and import each read it from the start. */
export async function sourceFromFile(path: string, name = path): Promise<{ source: FormatSource; sample: FormatSample }> {
  const size = statSync(path).size;
  const source: FormatSource = { name, size, bytes: () => createReadStream(path) };
  const chunks: Uint8Array[] = [];
  let read = 0;
  for await (const chunk of createReadStream(path, { end: SAMPLE_BYTES - 1 })) {
    chunks.push(chunk);
    read += chunk.length;
  }
  return { source, sample: sample(name, chunks, read >= size) };
}

/**
 * A one-pass stream (a request body): the first bytes are held back for detection and replayed in front of the
 * rest, so the stream is read only once and never held whole.
 */
export async function sourceFromStream(
  name: string,
  stream: AsyncIterable<Uint8Array>,
  size?: number,
): Promise<{ source: FormatSource; sample: FormatSample }> {
  const iterator = stream[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let held = 0;
  let done = false;
  while (held < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    held += next.value.length;
  }
  let consumed = false;
  const source: FormatSource = {
    name,
    size,
    bytes: () => {
      if (consumed) throw new Error(`${name} can be read only once`);
      consumed = true;
      return (async function* () {
        yield* head;
        if (done) return;
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          yield next.value;
        }
      })();
    },
  };
  return { source, sample: sample(name, head, done) };
}
