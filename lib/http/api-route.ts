import "server-only";
import { unstable_rethrow } from "next/navigation";
import * as z from "zod";
import { authorize, type Principal } from "@/lib/auth/authorize";
import type { Scope } from "@/lib/auth/roles";
import { ApiError, type ApiErrorBody, zodIssues } from "@/lib/http/api-error";

/** A route's dynamic segments, e.g. `{ id: string }` for app/api/v1/runs/[id]/route.ts. */
export type RouteParams = Record<string, string | string[] | undefined>;

export type ApiHandlerContext<P extends RouteParams> = { params: P; principal: Principal };

export type ApiHandler<P extends RouteParams> = (req: Request, context: ApiHandlerContext<P>) => Response | Promise<Response>;

/** What Next 16 passes a route handler: `params` is a promise. */
export type NextRouteContext<P extends RouteParams> = { params: Promise<P> };

function json(body: ApiErrorBody, status: number, headers?: Record<string, string>): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** Turns anything thrown by a route into its JSON error response (500 with a generic message when unexpected). */
export function errorResponse(error: unknown, req?: Request): Response {
  if (error instanceof ApiError) return json(error.toBody(), error.status, error.headers);
  if (error instanceof z.ZodError) {
    return json({ error: { code: "invalid_request", message: "The request is not valid", issues: zodIssues(error) } }, 400);
  }
  console.error(`[api] ${req ? `${req.method} ${new URL(req.url).pathname}` : "request"} failed:`, error);
  return json({ error: { code: "internal_error", message: "Something went wrong on the server; it has been logged" } }, 500);
}

/**
 * Wraps a route handler: authorizes the caller for `scope` (401/403 otherwise), awaits the route params, and turns
 * ApiError and ZodError into JSON errors `{ error: { code, message, issues? } }`, anything else into a logged 500.
 *
 *   export const GET = apiRoute<{ id: string }>("read", async (req, { params, principal }) => Response.json(...));
 */
export function apiRoute<P extends RouteParams = Record<string, never>>(scope: Scope, handler: ApiHandler<P>) {
  return async (req: Request, context: NextRouteContext<P>): Promise<Response> => {
    try {
      const principal = await authorize(req, scope);
      const params = (await context?.params) ?? ({} as P);
      return await handler(req, { params, principal });
    } catch (error) {
      unstable_rethrow(error); // let Next's own control flow (redirect, notFound) through
      return errorResponse(error, req);
    }
  };
}
