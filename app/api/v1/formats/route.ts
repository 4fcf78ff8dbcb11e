import { apiRoute } from "@/lib/http/api-route";
import { FORMAT_ADAPTERS } from "@/lib/formats/registry";

export const GET = apiRoute("read", async () =>
  Response.json({
    items: FORMAT_ADAPTERS.map(({ id, label, description, extensions }) => ({ id, label, description, extensions })),
  }),
);
