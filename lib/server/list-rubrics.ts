import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { parseRubricQuestions, type Rubric } from "@/lib/rubric";

type Row = { id: number; name: string; version: number; questions: unknown; createdAt: Date };

function toRubric(row: Row, latestVersion: number): Rubric {
  return { id: row.id, name: row.name, version: row.version, questions: parseRubricQuestions(row.questions), createdAt: row.createdAt.toISOString(), latest: row.version === latestVersion };
}

/** Every rubric version, newest version of each name first; `latestOnly` keeps the newest version of each name. */
export async function listRubrics({ latestOnly = false }: { latestOnly?: boolean } = {}): Promise<Rubric[]> {
  const rows = await getPrisma().rubric.findMany({ orderBy: [{ name: "asc" }, { version: "desc" }] });
  const latest = new Map<string, number>();
  for (const row of rows) latest.set(row.name, Math.max(latest.get(row.name) ?? 0, row.version));
  return rows.filter((row) => !latestOnly || row.version === latest.get(row.name)).map((row) => toRubric(row, latest.get(row.name)!));
}

/** One rubric version by id (404 ApiError when there is none). */
export async function getRubric(id: number): Promise<Rubric> {
  const prisma = getPrisma();
  const row = await prisma.rubric.findUnique({ where: { id } });
  if (!row) throw new ApiError(404, "rubric_not_found", `There is no rubric ${id}`);
  const newest = await prisma.rubric.aggregate({ where: { name: row.name }, _max: { version: true } });
  return toRubric(row, newest._max.version ?? row.version);
}

/** The newest version of the rubric named `name`, or null. */
export async function getLatestRubric(name: string): Promise<Rubric | null> {
  const row = await getPrisma().rubric.findFirst({ where: { name }, orderBy: { version: "desc" } });
  return row ? toRubric(row, row.version) : null;
}
