import { getHealth } from "@/lib/server/get-health";

export const dynamic = "force-dynamic";

/** Public liveness and readiness: no credentials needed. */
export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
}
