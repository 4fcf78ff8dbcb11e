import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { listAnnotations, listAnnotationsQuerySchema } from "@/lib/server/list-annotations";
import { annotationInputSchema, saveAnnotation } from "@/lib/server/save-annotation";

/** GET /api/v1/annotations?trajectoryId=&judgmentId=&rubricId= */
export const GET = apiRoute("read", async (req, { principal }) => {
  const query = listAnnotationsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listAnnotations(principal.user, query));
});

/** POST /api/v1/annotations: create or edit the caller's annotation (201 on create, 200 on edit). */
export const POST = apiRoute("annotate", async (req, { principal }) => {
  const input = await readJson(req, annotationInputSchema);
  const annotation = await saveAnnotation(principal.user.id, input);
  return Response.json(annotation, { status: annotation.revisions === 0 ? 201 : 200 });
});
