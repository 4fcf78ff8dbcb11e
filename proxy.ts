import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER, signInPath } from "@/lib/auth/next-path";

// Optimistic gate only: it looks for the session cookie, never at the database. Pages check the session for real
// (requireUser), API routes through apiRoute/authorize.

const STATIC_FILE = /\.(?:svg|png|jpe?g|gif|webp|avif|ico|txt|xml|webmanifest|css|js|map|woff2?|ttf|otf)$/i;

function isPublic(request: NextRequest): boolean {
  const { pathname } = request.nextUrl;
  if (pathname === "/sign-in" || pathname.startsWith("/sign-in/")) return true;
  if (pathname === "/api/auth" || pathname.startsWith("/api/auth/")) return true;
  if (pathname === "/api/health" && (request.method === "GET" || request.method === "HEAD")) return true;
  if (pathname.startsWith("/_next/") || pathname === "/favicon.ico") return true;
  return !pathname.startsWith("/api/") && STATIC_FILE.test(pathname); // files from public/
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublic(request)) return NextResponse.next();
  const hasSession = getSessionCookie(request) !== null;
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    if (hasSession || request.headers.has("authorization")) return NextResponse.next();
    return NextResponse.json(
      { error: { code: "unauthenticated", message: "Sign in or send Authorization: Bearer <token>" } },
      { status: 401, headers: { "Cache-Control": "no-store", "WWW-Authenticate": 'Bearer realm="reagent-workbench"' } },
    );
  }
  if (!hasSession) {
    const target = request.nextUrl.clone();
    const [path, query = ""] = signInPath(`${pathname}${search}`).split("?");
    target.pathname = path;
    target.search = query;
    return NextResponse.redirect(target, 307);
  }
  // Tell server components which page this is, so requireUser() can send an expired session back here.
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Not /api/: every API route authorizes itself (apiRoute), and Next buffers the body of a request that passes the
  // proxy, truncating it beyond proxyClientMaxBodySize (10 MB): imports of bigger files would arrive cut.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
