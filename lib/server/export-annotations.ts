import "server-only";
import Papa from "papaparse";
import { z } from "zod";
import { getPool } from "@/lib/db/pool";
import { getPrisma } from "@/lib/db/prisma";
import type { Step } from "@/lib/formats/trajectory-schema";
import { ApiError } from "@/lib/http/api-error";
import { parseRubricQuestions } from "@/lib/rubric";
import { RRM_SYSTEM_PROMPT, rrmUserMessage } from "@/lib/rrm/rrm-prompt";
import { buildRrmSftRecord, consensus } from "@/lib/rrm/rrm-sft";

export const EXPORT_FORMATS = ["rrm-sft", "jsonl", "csv"] as const;
export const exportOptionsSchema = z.object({
  as: z.enum(EXPORT_FORMATS).default("jsonl"),
  queueId: z.coerce.number().int().positive().optional(),
  runId: z.coerce.number().int().positive().optional(),
  /** rrm-sft: at least this many annotations per item (default 2). */
  minAnnotators: z.coerce.number().int().min(1).max(20).default(2),
  /** rrm-sft: the majority answer's share on "critique correct" and "RRM score is …" (default 2/3). */
  minAgreement: z.coerce.number().min(0).max(1).default(2 / 3),
  systemPrompt: z.string().min(1).max(50_000).optional(),
});
export type ExportOptions = z.input<typeof exportOptionsSchema>;

export type ExportStats = { items: number; written: number; skipped: Record<string, number> };

type ItemRow = {
  trajectoryId: number;
  judgmentId: number | null;
  runName: string;
  benchmark: string;
  level: string | null;
  question: string;
  groundTruth: string | null;
  finalAnswer: string | null;
  correct: boolean | null;
  rrmModel: string | null;
  reasoning: string | null;
  critique: string | null;
  score: number | null;
};
type AnnotationRow = {
  trajectoryId: number;
  judgmentId: number | null;
  annotatorId: string;
  annotator: string;
  rubricId: number;
  answers: Record<string, unknown>;
  errorTags: string[];
  note: string | null;
  updatedAt: Date;
};

const PAGE = 200;

/**
 * Annotated items as text chunks (JSON lines or CSV rows) of a queue (the annotations submitted through it), a run,
 * or everything annotated, a page at a time. `stats` is filled in as it goes (items seen, records written, skipped with reasons).
 */
export async function* exportAnnotations(input: ExportOptions, stats: ExportStats = { items: 0, written: 0, skipped: {} }): AsyncGenerator<string> {
  const options = exportOptionsSchema.parse(input);
  if (options.queueId && options.runId) throw new ApiError(400, "invalid_request", "Give either a queue or a run, not both");
  const pool = getPool();
  const prisma = getPrisma();
  let rubricFilter: number | null = null;
  if (options.queueId) {
    const queue = await prisma.annotationQueue.findUnique({ where: { id: options.queueId }, select: { rubricId: true } });
    if (!queue) throw new ApiError(404, "queue_not_found", `There is no queue ${options.queueId}`);
    rubricFilter = queue.rubricId;
  }
  const rubrics = await prisma.rubric.findMany({ where: rubricFilter ? { id: rubricFilter } : {} });
  const rubricById = new Map(rubrics.map((r) => [r.id, r]));
  const columns = [...new Set(rubrics.flatMap((r) => parseRubricQuestions(r.questions).map((q) => q.id)))];
  const csvHeader = ["trajectory_id", "judgment_id", "run", "benchmark", "level", "question", "correct", "rrm_model", "rrm_score", "annotator", "rubric", "rubric_version", ...columns, "updated_at"];

  let after = { t: 0, j: 0 };
  let first = true;
  for (;;) {
    const scope = options.queueId
      ? `FROM "QueueItem" i WHERE i."queueId" = $1 AND EXISTS (SELECT 1 FROM "Annotation" a JOIN "QueueItemClaim" c ON c."itemId" = i.id AND c."userId" = a."annotatorId" AND c.state = 'done'
           WHERE a."trajectoryId" = i."trajectoryId" AND a."judgmentId" IS NOT DISTINCT FROM i."judgmentId" AND a."rubricId" = $4)`
      : options.runId
        ? `FROM "Annotation" i JOIN "Trajectory" tt ON tt.id = i."trajectoryId" WHERE tt."runId" = $1`
        : `FROM "Annotation" i WHERE $1::int IS NULL`;
    const { rows: keys } = await pool.query<{ trajectoryId: number; judgmentId: number | null }>(
      `SELECT DISTINCT i."trajectoryId", i."judgmentId" ${scope}
         AND (i."trajectoryId", coalesce(i."judgmentId", 0)) > ($2, $3)
       ORDER BY 1, 2 LIMIT ${PAGE}`,
      options.queueId ? [options.queueId, after.t, after.j, rubricFilter] : [options.runId ?? null, after.t, after.j],
    );
    if (!keys.length) {
      if (options.as === "csv" && first) yield Papa.unparse({ fields: csvHeader, data: [] }, { newline: "\n" }) + "\n";
      return;
    }
    after = { t: keys[keys.length - 1].trajectoryId, j: keys[keys.length - 1].judgmentId ?? 0 };
    const tIds = keys.map((k) => k.trajectoryId);
    const jIds = keys.map((k) => k.judgmentId ?? 0);
    const [{ rows: items }, { rows: annotations }, bodies] = await Promise.all([
      pool.query<ItemRow>(
        `SELECT t.id AS "trajectoryId", j.id AS "judgmentId", r.name AS "runName", k.benchmark, k.level, k.question, k."groundTruth",
                t."finalAnswer", t.correct, j."rrmModel", j.reasoning, j.critique, j.score
         FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS x(tid, jid, n)
         JOIN "Trajectory" t ON t.id = x.tid JOIN "Run" r ON r.id = t."runId" JOIN "Task" k ON k.id = t."taskId"
         LEFT JOIN "Judgment" j ON j.id = NULLIF(x.jid, 0) ORDER BY x.n`,
        [tIds, jIds],
      ),
      pool.query<AnnotationRow>(
        `SELECT a."trajectoryId", a."judgmentId", a."annotatorId", coalesce(nullif(u.name, ''), u.email) AS annotator, a."rubricId", a.answers,
                a."errorTags", a.note, a."updatedAt"
         FROM "Annotation" a JOIN "user" u ON u.id = a."annotatorId"
         WHERE a."trajectoryId" = ANY($1::int[]) ${rubricFilter ? `AND a."rubricId" = ${Number(rubricFilter)}` : ""}
           ${
             options.queueId
               ? `AND EXISTS (SELECT 1 FROM "QueueItem" i JOIN "QueueItemClaim" c ON c."itemId" = i.id WHERE i."queueId" = ${Number(options.queueId)}
                    AND i."trajectoryId" = a."trajectoryId" AND i."judgmentId" IS NOT DISTINCT FROM a."judgmentId" AND c."userId" = a."annotatorId" AND c.state = 'done')`
               : ""
           }
         ORDER BY a."trajectoryId", a.id`,
        [tIds],
      ),
      options.as === "rrm-sft"
        ? pool.query<{ trajectoryId: number; steps: Step[] }>(`SELECT "trajectoryId", steps FROM "TrajectoryBody" WHERE "trajectoryId" = ANY($1::int[])`, [tIds])
        : Promise.resolve({ rows: [] as Array<{ trajectoryId: number; steps: Step[] }> }),
    ]);
    const stepsOf = new Map(bodies.rows.map((b) => [b.trajectoryId, b.steps]));
    for (const item of items) {
      stats.items++;
      const mine = annotations.filter((a) => a.trajectoryId === item.trajectoryId && a.judgmentId === item.judgmentId);
      if (options.as === "jsonl") {
        const answers = mine.map((a) => a.answers);
        stats.written++;
        yield JSON.stringify({
          trajectoryId: item.trajectoryId,
          run: item.runName,
          benchmark: item.benchmark,
          level: item.level,
          question: item.question,
          groundTruth: item.groundTruth,
          finalAnswer: item.finalAnswer,
          correct: item.correct,
          judgment: item.judgmentId ? { id: item.judgmentId, rrmModel: item.rrmModel, reasoning: item.reasoning, critique: item.critique, score: item.score } : null,
          annotations: mine.map((a) => ({
            annotator: a.annotator,
            annotatorId: a.annotatorId,
            rubric: { id: a.rubricId, name: rubricById.get(a.rubricId)?.name, version: rubricById.get(a.rubricId)?.version },
            answers: a.answers,
            errorTags: a.errorTags,
            note: a.note,
            updatedAt: a.updatedAt.toISOString(),
          })),
          consensus: Object.fromEntries(columns.map((c) => [c, consensus(answers, c)]).filter(([, v]) => (v as { count: number }).count > 0)),
        }) + "\n";
      } else if (options.as === "csv") {
        const rows = mine.map((a) => [
          item.trajectoryId, item.judgmentId ?? "", item.runName, item.benchmark, item.level ?? "", item.question, item.correct === null ? "" : String(item.correct),
          item.rrmModel ?? "", item.score ?? "", a.annotator, rubricById.get(a.rubricId)?.name ?? "", rubricById.get(a.rubricId)?.version ?? "",
          ...columns.map((c) => {
            const v = a.answers[c];
            return Array.isArray(v) ? v.join("; ") : v === undefined || v === null ? "" : String(v);
          }),
          a.updatedAt.toISOString(),
        ]);
        stats.written += rows.length;
        if (rows.length) {
          yield Papa.unparse({ fields: csvHeader, data: rows }, { header: first, newline: "\n" }) + "\n";
          first = false;
        }
      } else {
        const built = buildRrmSftRecord(
          {
            question: item.question,
            userMessage: rrmUserMessage(item.question, stepsOf.get(item.trajectoryId) ?? []),
            systemPrompt: options.systemPrompt ?? RRM_SYSTEM_PROMPT,
            judgment: { reasoning: item.reasoning, critique: item.critique, score: item.score },
            annotations: mine.map((a) => a.answers),
          },
          { minAnnotators: options.minAnnotators, minAgreement: options.minAgreement },
        );
        if ("skipped" in built) {
          stats.skipped[built.skipped] = (stats.skipped[built.skipped] ?? 0) + 1;
          continue;
        }
        stats.written++;
        yield JSON.stringify({ ...built.record, metadata: { ...built.record.metadata, trajectoryId: item.trajectoryId, judgmentId: item.judgmentId, rrmModel: item.rrmModel } }) + "\n";
      }
    }
  }
}
