import "server-only";
import { z } from "zod";
import { parseTrajectoryPage, parseTrajectoryQuery, type ParamsLike } from "@/lib/trajectory-query";

/**
 * The list query and paging of a request. lib/trajectory-query.ts uses zod/mini (it runs in the browser too); its
 * errors are re-thrown as classic ZodErrors so apiRoute answers them with a 400 and the issues, like every route.
 */
export function parseTrajectoryRequest(params: ParamsLike) {
  try {
    return { query: parseTrajectoryQuery(params), page: parseTrajectoryPage(params) };
  } catch (error) {
    if (error instanceof z.core.$ZodError && !(error instanceof z.ZodError)) throw new z.ZodError(error.issues);
    throw error;
  }
}
