import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { normalizedTrajectorySchema } from "@/lib/formats/trajectory-schema";

/** JSON Schema of one line of the native JSONL format (the normalized trajectory). */
export const GET = apiRoute("read", async () =>
  Response.json({
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Reagent Workbench trajectory (native JSONL, one per line)",
    ...z.toJSONSchema(normalizedTrajectorySchema, { io: "input" }),
  }),
);
