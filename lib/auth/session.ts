import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getAuth } from "@/lib/auth/auth";
import { REQUEST_PATH_HEADER, signInPath } from "@/lib/auth/next-path";
import { parseStoredRole, roleAtLeast, type Role } from "@/lib/auth/roles";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/** A better-auth user row as the rest of the app sees it. */
export function toSessionUser(user: { id: string; email: string; name: string; role?: string | null }): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: parseStoredRole(user.role) };
}

/** The signed-in user of this request, or null. Cached per request (layout and page share one lookup). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const requestHeaders = await headers(); // first: makes the page dynamic before anything touches the database
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  return session ? toSessionUser(session.user) : null;
});

/**
 * For server components and pages: the signed-in user, whose role is at least `minRole`. Signed out: redirects
 * to /sign-in?next=<this page>. Role too low: redirects to /sign-in?next=<this page>&denied=<minRole>, where the
 * sign-in page explains that this account may not open the page and offers to switch accounts.
 */
export async function requireUser(minRole: Role = "viewer"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (user && roleAtLeast(user.role, minRole)) return user;
  const path = (await headers()).get(REQUEST_PATH_HEADER);
  redirect(user ? signInPath(path, { denied: minRole }) : signInPath(path));
}
