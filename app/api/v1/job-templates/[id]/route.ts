import { apiRoute } from "@/lib/http/api-route";
import { templateIdSchema } from "@/lib/jobs/templates";
import { getJobTemplate } from "@/lib/server/get-job-template";

/** One kind's template: { id, label, parameters, current: { version, body, … }, versions: [...] }. */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => Response.json(await getJobTemplate(templateIdSchema.parse(params.id))));
