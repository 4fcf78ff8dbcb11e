import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { rubricQuestionsSchema, type Rubric } from "@/lib/rubric";
import { getRubric } from "@/lib/server/list-rubrics";

export const rubricVersionInputSchema = z.object({
  name: z.string().trim().min(1, "Give the rubric a name").max(120),
  questions: rubricQuestionsSchema,
  /** The version this edit starts from; null for a new rubric. A newer version existing by now gives 409. */
  baseVersion: z.number().int().positive().nullable(),
});
export type RubricVersionInput = z.input<typeof rubricVersionInputSchema>;

/**
 * Rubric versions are immutable: editing a rubric writes version N+1 (annotations keep pointing at the version they
 * answered). 409 when `baseVersion` is not the newest version (someone else edited it meanwhile) or when a new
 * rubric's name is taken.
 */
export async function createRubricVersion(input: RubricVersionInput): Promise<Rubric> {
  const data = rubricVersionInputSchema.parse(input);
  const id = await getPrisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`rubric:${data.name}`}))`;
    const newest = await tx.rubric.findFirst({ where: { name: data.name }, orderBy: { version: "desc" }, select: { version: true } });
    const current = newest?.version ?? null;
    if (current !== data.baseVersion) {
      throw new ApiError(
        409,
        "rubric_version_stale",
        current === null
          ? `There is no rubric "${data.name}" to edit`
          : data.baseVersion === null
            ? `A rubric named "${data.name}" exists already (version ${current}): edit it instead`
            : `"${data.name}" is at version ${current} now, not ${data.baseVersion}: reload and edit the newest version`,
      );
    }
    const created = await tx.rubric.create({ data: { name: data.name, version: (current ?? 0) + 1, questions: data.questions } });
    return created.id;
  });
  return getRubric(id);
}
