import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import type { JobTemplateView } from "@/lib/jobs/template-schemas";
import { JOB_TEMPLATES, type TemplateId, templateParameterNames } from "@/lib/jobs/templates";
import { storeBuiltInTemplates } from "@/lib/server/get-current-job-template";

/** A kind's template with every saved version, newest first, and who saved each. */
export async function getJobTemplate(id: TemplateId): Promise<JobTemplateView> {
  const prisma = getPrisma();
  const versions = () => prisma.jobTemplate.findMany({ where: { name: id }, orderBy: { version: "desc" } });
  let rows = await versions();
  if (!rows.length) {
    await storeBuiltInTemplates([id]);
    rows = await versions();
  }
  const authors = [...new Set(rows.map((r) => r.createdById).filter((x): x is string => !!x))];
  const emails = new Map((await prisma.user.findMany({ where: { id: { in: authors } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
  const views = rows.map((r) => ({
    version: r.version,
    body: r.body,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdById ? (emails.get(r.createdById) ?? r.createdById) : null,
  }));
  const definition = JOB_TEMPLATES[id];
  return { id, label: definition.label, description: definition.description, kind: definition.kind, parameters: templateParameterNames(id), current: views[0], versions: views };
}
