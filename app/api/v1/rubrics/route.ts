import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { createRubricVersion, rubricVersionInputSchema } from "@/lib/server/create-rubric-version";
import { listRubrics } from "@/lib/server/list-rubrics";

/** GET /api/v1/rubrics[?latest=1] */
export const GET = apiRoute("read", async (req) => {
  const latestOnly = ["1", "true"].includes(new URL(req.url).searchParams.get("latest") ?? "");
  return Response.json({ rubrics: await listRubrics({ latestOnly }) });
});

/** POST /api/v1/rubrics (admin): a new rubric, or the next version of one (`baseVersion`: the version edited). */
export const POST = apiRoute("admin", async (req) => {
  const input = await readJson(req, rubricVersionInputSchema);
  return Response.json(await createRubricVersion(input), { status: 201 });
});
