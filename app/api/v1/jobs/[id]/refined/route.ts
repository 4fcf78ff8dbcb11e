import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { assertOwnJob } from "@/lib/http/job-token-scope";
import { readJson } from "@/lib/http/read-json";
import { refinedAttemptsSchema, storeRefinedAttempts } from "@/lib/server/store-refined-attempts";

/** A Reagent-C job posts its retries { items: [{ trajectoryId, output }] }: { stored, duplicates, rejected, errors }. */
export const POST = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  assertOwnJob(principal, id, "post its refined attempts");
  return Response.json(await storeRefinedAttempts(id, await readJson(req, refinedAttemptsSchema, { maxBytes: 64 * 1024 * 1024 })));
});
