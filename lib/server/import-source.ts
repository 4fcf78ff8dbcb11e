import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import type { FormatSample, FormatSource } from "@/lib/formats/format-adapter";
import { detectFormat, getAdapter } from "@/lib/formats/registry";
import { ApiError } from "@/lib/http/api-error";
import { ingestLimits } from "@/lib/server/ingest-limits";
import { ingestTrajectories, type IngestCounts, type IngestError } from "@/lib/server/ingest-trajectories";

export type ImportReport = {
  importId: number;
  runId: number;
  format: string;
  file: string;
  imported: number;
  duplicates: number;
  rejected: number;
  warnings: number;
  errors: IngestError[];
};

export type ImportProgress = IngestCounts & { importId: number; recordsPerSecond: number };

const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * Imports one file (or request body) into a run: picks the adapter (named, else detected), records an Import row
 * that follows the progress (the Import page polls it), stores the trajectories and reports what it rejected.
 * An unreadable or unrecognised file is a 422 that names the supported formats; nothing is stored then.
 */
export async function importSource({
  runId,
  source,
  sample,
  format,
  createdBy,
  importId,
  onProgress,
}: {
  runId: number;
  source: FormatSource;
  sample: FormatSample;
  format?: string | null;
  createdBy?: string | null;
  /** An Import row created beforehand (so a client can follow it before the upload starts). */
  importId?: number | null;
  onProgress?: (progress: ImportProgress) => void;
}): Promise<ImportReport> {
  const prisma = getPrisma();
  const fail = async (id: number | null, message: string): Promise<never> => {
    if (id) {
      await prisma.import.update({
        where: { id },
        data: { status: "failed", finishedAt: new Date(), errors: [{ file: source.name, line: null, location: null, message }] },
      });
    }
    throw new ApiError(422, "unreadable_file", message.includes(source.name) ? message : `${source.name}: ${message}`);
  };

  const run = await prisma.run.findUnique({ where: { id: runId }, select: { id: true } });
  if (!run) throw new ApiError(404, "run_not_found", `There is no run ${runId}`);
  const record = importId
    ? await prisma.import.update({ where: { id: importId }, data: { runId, fileName: source.name, status: "running" } })
    : await prisma.import.create({ data: { runId, fileName: source.name, createdBy: createdBy ?? null } });

  if (sample.complete && sample.headBytes.length === 0) return fail(record.id, "the file is empty");
  let adapter;
  if (format) {
    adapter = getAdapter(format);
    if (!adapter) return fail(record.id, `unknown format "${format}"; see GET /api/v1/formats for the supported ones`);
  } else {
    const detected = detectFormat(sample);
    if ("error" in detected) return fail(record.id, detected.error);
    adapter = detected.adapter;
  }
  await prisma.import.update({ where: { id: record.id }, data: { format: adapter.id } });

  const started = Date.now();
  let lastWrite = 0;
  const limits = ingestLimits();
  try {
    const report = await ingestTrajectories(adapter.read(source, limits), {
      runId,
      fileName: source.name,
      sourceFormat: adapter.id,
      onProgress: async (counts) => {
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        onProgress?.({ ...counts, importId: record.id, recordsPerSecond: (counts.accepted + counts.duplicates + counts.rejected) / seconds });
        if (Date.now() - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
          lastWrite = Date.now();
          await prisma.import.update({ where: { id: record.id }, data: { accepted: counts.accepted, duplicates: counts.duplicates, rejected: counts.rejected } });
        }
      },
    });
    await prisma.import.update({
      where: { id: record.id },
      data: {
        status: "completed",
        finishedAt: new Date(),
        accepted: report.accepted,
        duplicates: report.duplicates,
        rejected: report.rejected,
        errors: report.errors as unknown as Prisma.InputJsonValue,
      },
    });
    return {
      importId: record.id,
      runId,
      format: adapter.id,
      file: source.name,
      imported: report.accepted,
      duplicates: report.duplicates,
      rejected: report.rejected,
      warnings: report.warnings,
      errors: report.errors,
    };
  } catch (error) {
    await prisma.import
      .update({ where: { id: record.id }, data: { status: "failed", finishedAt: new Date(), errors: [{ file: source.name, line: null, location: null, message: String((error as Error)?.message ?? error) }] } })
      .catch(() => {});
    throw error;
  }
}
