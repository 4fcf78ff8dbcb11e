import { apiRoute } from "@/lib/http/api-route";
import { getClusterSettings } from "@/lib/server/get-cluster-settings";

/** The backends in use and where their configuration comes from (Settings or the environment); never a token. */
export const GET = apiRoute("read", async () => Response.json(await getClusterSettings(), { headers: { "Cache-Control": "no-store" } }));
