import { apiRoute } from "@/lib/http/api-route";
import { exportAnnotations, exportOptionsSchema } from "@/lib/server/export-annotations";

const CONTENT_TYPES = { "rrm-sft": "application/x-ndjson", jsonl: "application/x-ndjson", csv: "text/csv; charset=utf-8" } as const;
const EXTENSIONS = { "rrm-sft": "rrm-sft.jsonl", jsonl: "annotations.jsonl", csv: "annotations.csv" } as const;

/**
 * GET /api/v1/annotations/export?as=rrm-sft|jsonl|csv[&queueId=|&runId=][&minAnnotators=&minAgreement=]: the same
 * export as `npm run export`, streamed as a download.
 */
export const GET = apiRoute("read", async (req) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const options = exportOptionsSchema.omit({ systemPrompt: true }).parse(params);
  const chunks = exportAnnotations(options);
  const first = await chunks.next(); // errors (unknown queue …) become JSON errors before the download starts
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const name = `${options.queueId ? `queue-${options.queueId}` : options.runId ? `run-${options.runId}` : "all"}-${EXTENSIONS[options.as]}`;
  return new Response(first.done ? "" : stream, {
    headers: { "Content-Type": CONTENT_TYPES[options.as], "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
});
