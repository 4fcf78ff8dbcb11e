import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getPrisma } from "@/lib/db/prisma";
import { exportRun } from "@/lib/server/export-run";

/** The run's trajectories as native JSONL, streamed: what import reads back to the same data. */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const runId = z.coerce.number().int().positive().parse(params.id);
  const run = await getPrisma().run.findUnique({ where: { id: runId }, select: { name: true } });
  if (!run) throw new ApiError(404, "run_not_found", `There is no run ${runId}`);
  const encoder = new TextEncoder();
  const records = exportRun(runId);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await records.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(JSON.stringify(next.value) + "\n"));
    },
    async cancel() {
      await records.return(undefined);
    },
  });
  const fileName = `${run.name.replace(/[^\w.-]+/g, "_")}.jsonl`;
  return new Response(body, {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"` },
  });
});
