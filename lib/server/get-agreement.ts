import "server-only";
import { computeAgreement, type AgreementResult, type AgreementUnit } from "@/lib/annotation-agreement";
import { getPool } from "@/lib/db/pool";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { parseRubricQuestions } from "@/lib/rubric";

type Row = { trajectoryId: number; judgmentId: number | null; correct: boolean | null; rrmScore: number | null; annotatorId: string; answers: Record<string, unknown> };

function toUnits(rows: Row[]): AgreementUnit[] {
  const units = new Map<string, AgreementUnit>();
  for (const r of rows) {
    const key = `${r.trajectoryId}:${r.judgmentId ?? "-"}`;
    let unit = units.get(key);
    if (!unit) units.set(key, (unit = { trajectoryId: r.trajectoryId, judgmentId: r.judgmentId, correct: r.correct, rrmScore: r.rrmScore, answers: {} }));
    unit.answers[r.annotatorId] = r.answers;
  }
  return [...units.values()];
}

export type { AgreementResult };

async function result(rubricId: number, rows: Row[]): Promise<AgreementResult> {
  const rubric = await getPrisma().rubric.findUnique({ where: { id: rubricId } });
  if (!rubric) throw new ApiError(404, "rubric_not_found", `There is no rubric ${rubricId}`);
  const ids = [...new Set(rows.map((r) => r.annotatorId))];
  const users = await getPrisma().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
  return {
    ...computeAgreement(parseRubricQuestions(rubric.questions), toUnits(rows)),
    rubric: { id: rubric.id, name: rubric.name, version: rubric.version },
    annotators: ids.map((id) => {
      const u = users.find((x) => x.id === id);
      return { id, name: u?.name || u?.email || id };
    }),
  };
}

const SELECT = `SELECT a."trajectoryId", a."judgmentId", t.correct, j.score AS "rrmScore", a."annotatorId", a.answers
  FROM "Annotation" a JOIN "Trajectory" t ON t.id = a."trajectoryId" LEFT JOIN "Judgment" j ON j.id = a."judgmentId"`;

/**
 * Agreement over a queue: the annotations its annotators submitted through it (done claims), against the queue's
 * rubric. Annotations of the same judgments made elsewhere count for the run's agreement, not the queue's.
 */
export async function getQueueAgreement(queueId: number): Promise<AgreementResult> {
  const queue = await getPrisma().annotationQueue.findUnique({ where: { id: queueId }, select: { rubricId: true } });
  if (!queue) throw new ApiError(404, "queue_not_found", `There is no queue ${queueId}`);
  const { rows } = await getPool().query<Row>(
    `${SELECT} WHERE a."rubricId" = $2 AND EXISTS (SELECT 1 FROM "QueueItem" i JOIN "QueueItemClaim" c ON c."itemId" = i.id
       WHERE i."queueId" = $1 AND i."trajectoryId" = a."trajectoryId" AND i."judgmentId" IS NOT DISTINCT FROM a."judgmentId"
         AND c."userId" = a."annotatorId" AND c.state = 'done') ORDER BY a."trajectoryId", a.id`,
    [queueId, queue.rubricId],
  );
  return result(queue.rubricId, rows);
}

/** Agreement over every annotation of a run's trajectories against one rubric version (default: the most used). */
export async function getRunAgreement(runId: number, rubricId?: number): Promise<AgreementResult> {
  const pool = getPool();
  let id = rubricId;
  if (id === undefined) {
    const { rows } = await pool.query<{ rubricId: number }>(
      `SELECT a."rubricId" FROM "Annotation" a JOIN "Trajectory" t ON t.id = a."trajectoryId" WHERE t."runId" = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1`,
      [runId],
    );
    if (!rows.length) throw new ApiError(404, "no_annotations", `Run ${runId} has no annotations yet`);
    id = rows[0].rubricId;
  }
  const { rows } = await pool.query<Row>(`${SELECT} WHERE t."runId" = $1 AND a."rubricId" = $2 ORDER BY a."trajectoryId", a.id`, [runId, id]);
  return result(id, rows);
}

/** Runs that have annotations, with how many annotated items and annotations (for the Annotate page). */
export async function listAnnotatedRuns(): Promise<Array<{ id: number; name: string; items: number; annotations: number }>> {
  const { rows } = await getPool().query<{ id: number; name: string; items: number; annotations: number }>(
    `SELECT r.id, r.name, count(DISTINCT (a."trajectoryId", a."judgmentId"))::int AS items, count(*)::int AS annotations
     FROM "Annotation" a JOIN "Trajectory" t ON t.id = a."trajectoryId" JOIN "Run" r ON r.id = t."runId"
     GROUP BY r.id, r.name ORDER BY r.name`,
  );
  return rows;
}
