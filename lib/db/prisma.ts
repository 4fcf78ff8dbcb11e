import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { NO_JIT } from "@/lib/db/session-options";

const cache = globalThis as unknown as { workbenchPrisma?: PrismaClient };

/** The app's Prisma client, created on first use so that `next build` needs no database. */
export function getPrisma(): PrismaClient {
  if (!cache.workbenchPrisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start the workbench with `npm start`.");
    cache.workbenchPrisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 8, options: NO_JIT }) });
  }
  return cache.workbenchPrisma;
}
