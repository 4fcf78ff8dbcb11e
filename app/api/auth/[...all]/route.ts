import { getAuth } from "@/lib/auth/auth";

// better-auth's own endpoints (sign-in, sign-out, session, …). Built lazily so `next build` needs no database.
export function GET(req: Request) {
  return getAuth().handler(req);
}

export function POST(req: Request) {
  return getAuth().handler(req);
}
