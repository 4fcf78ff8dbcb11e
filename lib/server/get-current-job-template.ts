import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { BUILT_IN_VERSION, JOB_TEMPLATES, type TemplateId, type TemplateVersion } from "@/lib/jobs/templates";

/**
 * Stores the built-in bodies of `ids` as their version 1, where not stored yet, so that every job links to the exact
 * template row it was rendered from. INSERT … ON CONFLICT DO NOTHING: pages rendered at once (a navigation and its
 * prefetch) both get here, and an upsert (find, then create) lets the second fail on the unique (name, version).
 */
export async function storeBuiltInTemplates(ids: readonly TemplateId[]): Promise<void> {
  await getPrisma().jobTemplate.createMany({
    data: ids.map((id) => ({ name: id, kind: JOB_TEMPLATES[id].kind, version: BUILT_IN_VERSION, body: JOB_TEMPLATES[id].body, note: "built in" })),
    skipDuplicates: true,
  });
}

const newest = (ids: readonly TemplateId[]) =>
  getPrisma().jobTemplate.findMany({
    where: { name: { in: [...ids] } },
    distinct: ["name"],
    orderBy: [{ name: "asc" }, { version: "desc" }],
    select: { id: true, name: true, version: true, body: true },
  });

/** The version of each kind's template that jobs launch with: the newest stored one (the built-in body at first). */
export async function getCurrentJobTemplates(ids: readonly TemplateId[]): Promise<Record<TemplateId, TemplateVersion & { rowId: number }>> {
  let rows = await newest(ids);
  if (rows.length < ids.length) {
    await storeBuiltInTemplates(ids);
    rows = await newest(ids);
  }
  return Object.fromEntries(rows.map((r) => [r.name, { rowId: r.id, version: r.version, body: r.body }])) as Record<TemplateId, TemplateVersion & { rowId: number }>;
}

export async function getCurrentJobTemplate(id: TemplateId): Promise<TemplateVersion & { rowId: number }> {
  return (await getCurrentJobTemplates([id]))[id];
}
