// Serves App Router route handlers over real HTTP on 127.0.0.1 for tests whose other side is a separate process (a
// job reporting back). Each route: method, a path regex whose named groups become params, and the handler module's export.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type TestRoute = { method: string; path: RegExp; handler: Handler };

function toRequest(req: IncomingMessage, origin: string): Request {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`${origin}${req.url}`, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]])) as [string, string][],
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

export async function startRouteServer(routes: TestRoute[]): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  let origin = "";
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const route = routes.find((r) => r.method === req.method && r.path.test(pathname));
    if (!route) {
      res.writeHead(404).end("no such test route");
      return;
    }
    const params = (route.path.exec(pathname)?.groups ?? {}) as Record<string, string>;
    try {
      const response = await route.handler(toRequest(req, origin), { params: Promise.resolve(params) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: origin, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
