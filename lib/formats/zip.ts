// A small zip reader for archives held in memory (Inspect AI's .eval logs): lists entries from the central directory
// (zip64 included) and inflates one entry at a time with fflate, counting every byte produced so that an archive
// cannot expand past a budget, whatever sizes its headers claim. Pure.
import { Inflate } from "fflate";

export class ZipError extends Error {}

export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As the central directory claims it (checked while inflating). */
  uncompressedSize: number;
  localHeaderOffset: number;
};

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u16(data: Uint8Array, at: number): number {
  return data[at] | (data[at + 1] << 8);
}
function u32(data: Uint8Array, at: number): number {
  return (data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24)) >>> 0;
}
function u64(data: Uint8Array, at: number): number {
  return u32(data, at) + u32(data, at + 4) * 0x100000000;
}

export function isZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && ((data[2] === 3 && data[3] === 4) || (data[2] === 5 && data[3] === 6));
}

/** The entries of the archive's central directory, in directory order. Throws ZipError when it is not readable. */
export function listZipEntries(data: Uint8Array): ZipEntry[] {
  if (data.length < 22) throw new ZipError("the file is too short to be a zip archive");
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (u32(data, at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd === -1) throw new ZipError("no zip end-of-central-directory record (the archive is cut off or not a zip)");
  let count = u16(data, eocd + 10);
  let size = u32(data, eocd + 12);
  let offset = u32(data, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(data, locator) !== ZIP64_LOCATOR) throw new ZipError("zip64 archive without its locator");
    const record = u64(data, locator + 8);
    if (record + 56 > data.length || u32(data, record) !== ZIP64_EOCD) throw new ZipError("zip64 end-of-central-directory record not found");
    count = u64(data, record + 32);
    size = u64(data, record + 40);
    offset = u64(data, record + 48);
  }
  if (offset + size > data.length) throw new ZipError("the zip central directory points past the end of the file (the archive is cut off)");

  const decoder = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || u32(data, at) !== CENTRAL) throw new ZipError(`zip central directory entry ${i} is damaged`);
    const flags = u16(data, at + 8);
    const method = u16(data, at + 10);
    let compressedSize = u32(data, at + 20);
    let uncompressedSize = u32(data, at + 24);
    const nameLength = u16(data, at + 28);
    const extraLength = u16(data, at + 30);
    const commentLength = u16(data, at + 32);
    let localHeaderOffset = u32(data, at + 42);
    const name = decoder.decode(data.subarray(at + 46, at + 46 + nameLength));
    // zip64 extended information: the 64-bit values of the fields that are 0xFFFFFFFF, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = u16(data, extra);
      const length = u16(data, extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = u64(data, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(data, field);
          field += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(data, field);
      }
      extra += 4 + length;
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Tracks how many bytes all inflated entries have produced. */
export type ExpansionBudget = { limit: number; used: number };

const FEED = 1024; // compressed bytes per push: bounds how far one push can overshoot (deflate tops out near 1:1032, ~1 MB)

/** Inflates one entry. Throws ZipError when it is damaged, encrypted, of an unknown method, or overruns the budget. */
export function readZipEntry(data: Uint8Array, entry: ZipEntry, budget: ExpansionBudget): Uint8Array {
  if (entry.flags & 1) throw new ZipError(`${entry.name} is encrypted`);
  const at = entry.localHeaderOffset;
  if (at + 30 > data.length || u32(data, at) !== LOCAL) throw new ZipError(`${entry.name}: local header not found (damaged archive)`);
  const start = at + 30 + u16(data, at + 26) + u16(data, at + 28);
  const end = start + entry.compressedSize;
  if (end > data.length) throw new ZipError(`${entry.name} runs past the end of the archive (cut off)`);
  const compressed = data.subarray(start, end);
  const over = () =>
    new ZipError(`the archive expands past the ${formatSize(budget.limit)} limit while reading ${entry.name}; refusing to unpack more`);

  if (entry.method === 0) {
    if (budget.used + compressed.length > budget.limit) throw over();
    budget.used += compressed.length;
    return compressed.slice();
  }
  if (entry.method !== 8) throw new ZipError(`${entry.name} uses compression method ${entry.method} (only stored and deflate are supported)`);

  const chunks: Uint8Array[] = [];
  let produced = 0;
  let failure: ZipError | null = null;
  const inflater = new Inflate((chunk) => {
    if (failure) return;
    produced += chunk.length;
    if (produced > entry.uncompressedSize) {
      failure = new ZipError(`${entry.name} expands past the ${formatSize(entry.uncompressedSize)} its header declares (damaged or hostile archive)`);
      return;
    }
    if (budget.used + produced > budget.limit) {
      failure = over();
      return;
    }
    chunks.push(chunk);
  });
  try {
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
    for (let offset = 0; offset < compressed.length && !failure; offset += FEED) {
      inflater.push(compressed.subarray(offset, Math.min(offset + FEED, compressed.length)), offset + FEED >= compressed.length);
    }
  } catch (error) {
    throw new ZipError(`${entry.name} could not be inflated: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (failure) throw failure;
  budget.used += produced;
  const out = new Uint8Array(produced);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
