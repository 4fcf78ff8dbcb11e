import { apiRoute } from "@/lib/http/api-route";
import { TEMPLATE_IDS } from "@/lib/jobs/templates";
import { getJobTemplate } from "@/lib/server/get-job-template";

/** Every job kind's template, its current version and its history: { templates: [...] }. */
export const GET = apiRoute("read", async () => Response.json({ templates: await Promise.all(TEMPLATE_IDS.map(getJobTemplate)) }));
