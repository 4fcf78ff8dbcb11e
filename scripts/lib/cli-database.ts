// The database a CLI works on (DATABASE_URL, else the running embedded server of DATA_DIR, else a private embedded
// server for the length of the command), checked to be reachable and migrated, and closed again afterwards.
import { getPrisma } from "@/lib/db/prisma";
import { closePools } from "@/lib/db/pool";
import { describeConnectionError } from "./connection-errors.mjs";
import { resolveDatabase } from "./embedded-postgres.mjs";
import { migrationStatus } from "../migrate.mjs";

export class CliError extends Error {}

export async function withCliDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const log = ((line: string) => console.error(line)) as () => void;
  const database = await resolveDatabase({ log });
  process.env.DATABASE_URL = database.url;
  try {
    let status;
    try {
      status = await migrationStatus(database.url);
    } catch (error) {
      throw new CliError(describeConnectionError(error, database.url));
    }
    if (status.failed.length || status.pending.length) {
      throw new CliError(`The database is not migrated (${[...status.failed, ...status.pending].join(", ")}): run npm run db:migrate first.`);
    }
    return await work(database.url);
  } finally {
    await getPrisma().$disconnect().catch(() => {});
    await closePools().catch(() => {});
    await database.close();
  }
}
