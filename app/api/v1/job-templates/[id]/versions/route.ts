import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { newTemplateVersionSchema } from "@/lib/jobs/template-schemas";
import { templateIdSchema } from "@/lib/jobs/templates";
import { createJobTemplateVersion } from "@/lib/server/create-job-template-version";

/**
 * Saves an edited template as the kind's next version: { body, note? } → 201 { version, created } (200 when the body
 * equals the current one); 422 template_error naming the line of an unknown placeholder or filter.
 */
// Admins only (scope admin, not launch): a template is the script every later job of every user runs.
export const POST = apiRoute<{ id: string }>("admin", async (req, { params, principal }) => {
  const id = templateIdSchema.parse(params.id);
  const input = await readJson(req, newTemplateVersionSchema, { maxBytes: 128 * 1024 });
  const saved = await createJobTemplateVersion(id, input, principal.user);
  return Response.json(saved, { status: saved.created ? 201 : 200 });
});
