// TEST DOUBLE of an OpenAI-compatible model server (vLLM's /v1/chat/completions): no model runs here. By default it is
// an RRM answering every request with the three Agent-RRM blocks and a fixed score; `reply` makes it any other model
// (an agent answering again). `failFirst` requests get HTTP 500 first (to exercise retries); `delayMs` slows every
// answer (to stop a job half-way). Records what it was asked.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type ChatRequest = { model: string; temperature?: number; messages: { role: string; content: string }[] };

export const TEST_DOUBLE_CRITIQUE = "Step 0 gives the answer without checking it.";

export async function startOpenAiTestDouble({ score = 0.8, failFirst = 0, delayMs = 0, reply }: { score?: number; failFirst?: number; delayMs?: number; reply?: (request: ChatRequest) => string } = {}) {
  const requests: ChatRequest[] = [];
  const load = { inFlight: 0, maxInFlight: 0 };
  let failures = 0;
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (failures < failFirst) {
      failures++;
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "test double: overloaded" } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequest;
    load.maxInFlight = Math.max(load.maxInFlight, ++load.inFlight);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    load.inFlight--;
    requests.push(body);
    const content = reply ? reply(body) : `<think>The agent computed directly.</think>\n<critique>${TEST_DOUBLE_CRITIQUE}</critique>\n<score>${score}</score>`;
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({ id: `chatcmpl-${requests.length}`, object: "chat.completion", model: body.model, choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    /** Requests being answered at once, at most (what a client's concurrency limit keeps down). */
    get maxInFlight() {
      return load.maxInFlight;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
