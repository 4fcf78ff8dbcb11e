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
 * rest, so the stream is read only once and never held whole. Readers may peek at the head and start again; only
 * reading past it is once.
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
  // The head can be replayed any number of times (adapters peek at it); the rest of the stream only once.
  let streamed = false;
  const source: FormatSource = {
    name,
    size,
    bytes: () => {
      if (streamed) throw new Error(`${name} is a stream and was already read past its first ${SAMPLE_BYTES} bytes`);
      return (async function* () {
        yield* head;
        if (done) return;
        streamed = true;
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
