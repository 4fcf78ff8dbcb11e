// The contract every importer in lib/formats fulfils. An adapter recognises its format from a file's name and first
// bytes, then streams normalized trajectories out of it, one entry per source record, good or bad, so the ingest
// pipeline can store the good ones and report the bad ones with their file and line. Pure: adapters get their bytes
// from the caller and do no I/O themselves.
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";

/** A file (or request body) as an adapter sees it. */
export type FormatSource = {
  /** File name as the user gave it (may include folders, e.g. "eval/iter2.jsonl"): adapters read hints from it. */
  name: string;
  /** The bytes, streamed. May be called more than once (detection reads the head, then the import reads all). */
  bytes(): AsyncIterable<Uint8Array>;
  /** Total size in bytes, when known. */
  size?: number;
};

/** What detection looks at: the file name and the first bytes (up to 256 KB), decoded as UTF-8. */
export type FormatSample = { name: string; head: string; headBytes: Uint8Array; complete: boolean };

/** One source record, read. `line` is the 1-based line for line-oriented files; `location` names the record otherwise
 * (e.g. "samples/3_epoch_1.json" inside an .eval zip, or "[12]" in a JSON array). */
export type AdapterEntry =
  | {
      ok: true;
      line: number | null;
      location: string | null;
      trajectory: NormalizedTrajectoryInput;
      /** The source record exactly as read (a JSONL line, a sample's JSON), kept so a better adapter can re-read it. */
      raw: string;
      warnings: string[];
    }
  | { ok: false; line: number | null; location: string | null; error: string };

export type ReadOptions = {
  /** Records larger than this are rejected (and skipped without being buffered where the format allows). */
  maxRecordBytes: number;
  /** Upper bound on what an archive may expand to. */
  maxExpandedBytes: number;
};

export type FormatAdapter = {
  /** Stable id used by --format and the API, e.g. "reagent-eval". */
  id: string;
  label: string;
  /** One sentence for the formats list: what writes this format. */
  description: string;
  /** File name endings it accepts, e.g. [".jsonl"]. */
  extensions: string[];
  /** 0 = not this format, 1 = certainly this format. The registry picks the highest above 0.5. */
  detect(sample: FormatSample): number;
  read(source: FormatSource, options: ReadOptions): AsyncIterable<AdapterEntry>;
};
