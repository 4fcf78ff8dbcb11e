import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { JOB_TEMPLATES, type TemplateId, templateBodyError } from "@/lib/jobs/templates";
import { getCurrentJobTemplate } from "@/lib/server/get-current-job-template";

/**
 * Saves an edited template as the kind's next version (jobs launched from now on use it; earlier jobs keep their
 * script). A body with an unknown placeholder or filter is refused with the line (422), nothing saved; a body equal to
 * the current one saves nothing.
 */
export async function createJobTemplateVersion(id: TemplateId, { body, note }: { body: string; note?: string }, user: SessionUser): Promise<{ version: number; created: boolean }> {
  const normalized = body.replace(/\r\n/g, "\n");
  const error = templateBodyError(id, normalized);
  if (error) throw new ApiError(422, "template_error", error);
  let current = await getCurrentJobTemplate(id);
  if (current.body === normalized) return { version: current.version, created: false };
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await getPrisma().jobTemplate.create({
        data: { name: id, kind: JOB_TEMPLATES[id].kind, version: current.version + 1, body: normalized, note: note || null, createdById: user.id },
      });
      return { version: row.version, created: true };
    } catch (e) {
      // Two admins saving at once: the second takes the next number.
      if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") || attempt >= 3) throw e;
      current = await getCurrentJobTemplate(id);
    }
  }
}
