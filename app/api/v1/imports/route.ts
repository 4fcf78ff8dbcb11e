import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { assertMayWriteRun } from "@/lib/http/job-token-scope";
import { readJson } from "@/lib/http/read-json";
import { createImport } from "@/lib/server/create-import";

const bodySchema = z.object({ runId: z.number().int().positive(), fileName: z.string().min(1).max(500) });

export const POST = apiRoute("ingest", async (req, { principal }) => {
  const body = await readJson(req, bodySchema);
  assertMayWriteRun(principal, body.runId);
  return Response.json(await createImport({ ...body, createdBy: principal.user.id }), { status: 201 });
});
