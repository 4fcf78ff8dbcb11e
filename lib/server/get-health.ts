import "server-only";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";

export const healthSchema = z.object({
  status: z.enum(["ok", "error"]),
  database: z.string(),
  migrations: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

function migrationsOnDisk(): string[] {
  const dir = path.join(process.cwd(), "prisma/migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => existsSync(path.join(dir, name, "migration.sql")));
}

/** Whether the database answers and has every migration of this build applied. */
export async function getHealth(): Promise<Health> {
  let applied: string[];
  try {
    const rows = await getPrisma().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = rows.map((row) => row.migration_name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missingTable = /_prisma_migrations/.test(message) && /does not exist/.test(message);
    return missingTable
      ? { status: "error", database: "ok", migrations: "none applied: run npm run db:migrate" }
      : { status: "error", database: `unreachable: ${message.split("\n")[0]}`, migrations: "unknown" };
  }
  const pending = migrationsOnDisk().filter((name) => !applied.includes(name));
  return pending.length
    ? { status: "error", database: "ok", migrations: `pending: ${pending.join(", ")} (run npm run db:migrate)` }
    : { status: "ok", database: "ok", migrations: "current" };
}
