import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { errorTagsOf, noteOf, parseRubricQuestions, validateAnswers } from "@/lib/rubric";

export const annotationInputSchema = z.object({
  trajectoryId: z.number().int().positive(),
  judgmentId: z.number().int().positive().nullable().default(null),
  /** The rubric version the answers were given against (Rubric.id). */
  rubricId: z.number().int().positive(),
  answers: z.record(z.string(), z.unknown()),
  /**
   * The annotation's `updatedAt` the client last saw: null when it believes there is none yet. A different value
   * (someone, or another tab, saved meanwhile) gives 409 instead of overwriting. Omit it to save over whatever is
   * there (the previous answers are kept as a revision either way).
   */
  baseUpdatedAt: z.string().datetime().nullable().optional(),
});
export type AnnotationInput = z.input<typeof annotationInputSchema>;

export const annotationSchema = z.object({
  id: z.number(),
  trajectoryId: z.number(),
  judgmentId: z.number().nullable(),
  annotatorId: z.string(),
  annotatorName: z.string().optional(),
  rubricId: z.number(),
  answers: z.record(z.string(), z.unknown()),
  errorTags: z.array(z.string()),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revisions: z.number(),
});
export type Annotation = z.infer<typeof annotationSchema>;

type Tx = Prisma.TransactionClient;

export function toAnnotation(row: {
  id: number;
  trajectoryId: number;
  judgmentId: number | null;
  annotatorId: string;
  rubricId: number;
  answers: unknown;
  errorTags: string[];
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
  annotator?: { name: string } | null;
  _count?: { revisions: number };
}): Annotation {
  return {
    id: row.id,
    trajectoryId: row.trajectoryId,
    judgmentId: row.judgmentId,
    annotatorId: row.annotatorId,
    ...(row.annotator ? { annotatorName: row.annotator.name } : {}),
    rubricId: row.rubricId,
    answers: (row.answers ?? {}) as Record<string, unknown>,
    errorTags: row.errorTags,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    revisions: row._count?.revisions ?? 0,
  };
}

/**
 * Saves `annotatorId`'s annotation of a judgment (or of a trajectory, judgmentId null) against one rubric version,
 * inside `tx` when given (queue submissions lock their item in the same transaction).
 *
 * - one annotation per (trajectory, judgment, annotator, rubric version): a second save edits it and keeps the
 *   previous answers as an AnnotationRevision;
 * - answers outside the rubric's options or ranges: 400 `invalid_answers` with one issue per field;
 * - a rubric version that is no longer the newest: 409 `rubric_version_stale` (reload the form), unless
 *   `pinnedVersion` (a queue keeps the version it was created with, so its agreement figures stay comparable);
 * - `baseUpdatedAt` not matching what is stored (a concurrent save won): 409 `annotation_conflict`;
 * - sets Trajectory.annotated.
 * Concurrent saves of the same annotation are serialized by a transaction-scoped advisory lock, so exactly one of
 * two simultaneous first saves creates it and the other gets the conflict.
 */
export async function saveAnnotation(
  annotatorId: string,
  input: AnnotationInput,
  tx?: Tx,
  { pinnedVersion = false }: { pinnedVersion?: boolean } = {},
): Promise<Annotation> {
  const data = annotationInputSchema.parse(input);
  const run = async (db: Tx) => {
    const rubric = await db.rubric.findUnique({ where: { id: data.rubricId } });
    if (!rubric) throw new ApiError(404, "rubric_not_found", `There is no rubric ${data.rubricId}`);
    const newest = await db.rubric.aggregate({ where: { name: rubric.name }, _max: { version: true } });
    if (!pinnedVersion && (newest._max.version ?? rubric.version) > rubric.version) {
      throw new ApiError(
        409,
        "rubric_version_stale",
        `"${rubric.name}" version ${rubric.version} has been replaced by version ${newest._max.version}: reload to answer the newest version`,
      );
    }
    const questions = parseRubricQuestions(rubric.questions);
    const checked = validateAnswers(questions, data.answers);
    if (!checked.ok) throw new ApiError(400, "invalid_answers", "Some answers do not fit the rubric", { issues: checked.errors });

    if (data.judgmentId !== null) {
      const judgment = await db.judgment.findUnique({ where: { id: data.judgmentId }, select: { trajectoryId: true } });
      if (!judgment) throw new ApiError(404, "judgment_not_found", `There is no judgment ${data.judgmentId}`);
      if (judgment.trajectoryId !== data.trajectoryId) {
        throw new ApiError(400, "judgment_mismatch", `Judgment ${data.judgmentId} belongs to trajectory ${judgment.trajectoryId}, not ${data.trajectoryId}`);
      }
    } else if (!(await db.trajectory.findUnique({ where: { id: data.trajectoryId }, select: { id: true } }))) {
      throw new ApiError(404, "trajectory_not_found", `There is no trajectory ${data.trajectoryId}`);
    }

    const key = `annotation:${data.trajectoryId}:${data.judgmentId ?? "-"}:${annotatorId}:${data.rubricId}`;
    await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
    const where = { trajectoryId: data.trajectoryId, judgmentId: data.judgmentId, annotatorId, rubricId: data.rubricId };
    const existing = await db.annotation.findFirst({ where });
    if (data.baseUpdatedAt !== undefined) {
      const stored = existing ? existing.updatedAt.toISOString() : null;
      const base = data.baseUpdatedAt === null ? null : new Date(data.baseUpdatedAt).toISOString();
      if (stored !== base) {
        throw new ApiError(
          409,
          "annotation_conflict",
          existing
            ? `This annotation was saved elsewhere at ${stored} after you opened it: reload to see those answers, then save again`
            : "This annotation no longer exists in the state you opened: reload",
        );
      }
    }
    const fields = { answers: checked.answers, errorTags: errorTagsOf(questions, checked.answers), note: noteOf(questions, checked.answers) };
    let id: number;
    if (existing) {
      await db.annotationRevision.create({
        data: { annotationId: existing.id, answers: existing.answers ?? {}, errorTags: existing.errorTags, note: existing.note, editedAt: existing.updatedAt },
      });
      id = (await db.annotation.update({ where: { id: existing.id }, data: fields })).id;
    } else {
      id = (await db.annotation.create({ data: { ...where, ...fields } })).id;
    }
    await db.trajectory.update({ where: { id: data.trajectoryId }, data: { annotated: true } });
    const row = await db.annotation.findUniqueOrThrow({ where: { id }, include: { annotator: { select: { name: true } }, _count: { select: { revisions: true } } } });
    return toAnnotation(row);
  };
  return tx ? run(tx) : getPrisma().$transaction(run);
}
