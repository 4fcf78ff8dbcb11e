import "server-only";
import { open } from "node:fs/promises";

/** The last `maxBytes` of a file (decoded as UTF-8), or null when it cannot be read. */
export async function readTail(file: string, maxBytes: number): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString("utf8");
    return start > 0 ? `…\n${text.slice(text.indexOf("\n") + 1)}` : text;
  } finally {
    await handle.close();
  }
}
