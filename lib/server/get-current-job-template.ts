import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { BUILT_IN_VERSION, JOB_TEMPLATES, type TemplateId, type TemplateVersion } from "@/lib/jobs/templates";

/**
 * The version of a kind's template that jobs launch with: the newest saved one. The built-in body is stored as
 * version 1 the first time it is needed, so every job links to the exact template row it was rendered from.
 */
export async function getCurrentJobTemplate(id: TemplateId): Promise<TemplateVersion & { rowId: number }> {
  const prisma = getPrisma();
  const definition = JOB_TEMPLATES[id];
  // INSERT … ON CONFLICT DO NOTHING: pages rendered at once (a navigation and its prefetch) both get here, and an upsert
  // (find, then create) lets the second fail on the unique (name, version).
  await prisma.jobTemplate.createMany({
    data: [{ name: id, kind: definition.kind, version: BUILT_IN_VERSION, body: definition.body, note: "built in" }],
    skipDuplicates: true,
  });
  const row = await prisma.jobTemplate.findFirstOrThrow({ where: { name: id }, orderBy: { version: "desc" }, select: { id: true, version: true, body: true } });
  return { rowId: row.id, version: row.version, body: row.body };
}

/** The current version of every kind (for the New job form's preview). */
export async function getCurrentJobTemplates(ids: readonly TemplateId[]): Promise<Record<TemplateId, TemplateVersion>> {
  const entries = await Promise.all(ids.map(async (id) => [id, await getCurrentJobTemplate(id)] as const));
  return Object.fromEntries(entries.map(([id, t]) => [id, { version: t.version, body: t.body }])) as Record<TemplateId, TemplateVersion>;
}
