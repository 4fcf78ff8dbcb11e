import { slurmSettingsInputSchema } from "@/lib/cluster/cluster-settings-schema";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { testSlurmConnection } from "@/lib/server/test-cluster-connection";

/**
 * Pings slurmrestd and its controller: with a body, the values being edited (not saved); with none, the configuration
 * in use. { ok, version, message }.
 */
export const POST = apiRoute("admin", async (req) => {
  const hasBody = Number(req.headers.get("content-length") ?? 0) > 0 || req.headers.get("content-type")?.includes("json");
  const input = hasBody ? await readJson(req, slurmSettingsInputSchema, { maxBytes: 32 * 1024 }) : undefined;
  return Response.json(await testSlurmConnection(input));
});
