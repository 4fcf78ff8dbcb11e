// Accounts and API tokens from the command line: `npm run admin -- <command> [options]`.
// Uses the same lib/server functions as the Settings page. Reaches the database through resolveDatabase():
// DATABASE_URL, else the running embedded server of DATA_DIR, else a private one for the length of the command.
import { parseArgs } from "node:util";
import pg from "pg";
import * as z from "zod";
import { createUserInputSchema, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from "@/lib/auth/account-schemas";
import { ROLES, scopeCsvSchema, SCOPES } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { createApiToken } from "@/lib/server/create-api-token";
import { createUser } from "@/lib/server/create-user";
import { listUsers } from "@/lib/server/list-users";
import { setUserRole } from "@/lib/server/set-user-role";
import { describeConnectionError } from "./lib/connection-errors.mjs";
import { resolveDatabase } from "./lib/embedded-postgres.mjs";

const USAGE = `Usage: npm run admin -- <command> [options]

  create-user  --email E --password P --role ${ROLES.join("|")} [--name N]
  create-token --email E --name N --scopes ${SCOPES.join(",")} (any of them) [--days ${DEFAULT_TOKEN_DAYS}]
               prints the token (shown this once) alone on stdout
  list-users
  set-role     --email E --role ${ROLES.join("|")}

Options: --json prints JSON instead of text. The database: DATABASE_URL, else the embedded one in DATA_DIR (.data).`;

class UsageError extends Error {}

const COMMANDS = {
  "create-user": { email: true, password: true, role: true, name: false },
  "create-token": { email: true, name: true, scopes: true, days: false },
  "list-users": {},
  "set-role": { email: true, role: true },
} as const satisfies Record<string, Record<string, boolean>>;
type Command = keyof typeof COMMANDS;

function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: "string" },
        password: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        scopes: { type: "string" },
        days: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true as const };
  const [command, ...extra] = positionals;
  if (!command) throw new UsageError(`Name a command: ${Object.keys(COMMANDS).join(", ")}`);
  if (!(command in COMMANDS)) throw new UsageError(`Unknown command "${command}": use ${Object.keys(COMMANDS).join(", ")}`);
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}"`);
  const spec: Record<string, boolean> = COMMANDS[command as Command];
  for (const [option, value] of Object.entries(values)) {
    if (option === "json" || value === undefined) continue;
    if (!(option in spec)) throw new UsageError(`${command} takes no --${option}`);
  }
  for (const [option, required] of Object.entries(spec)) {
    const value = values[option as keyof typeof values];
    if (required && (value === undefined || value === "")) throw new UsageError(`${command} needs --${option}`);
  }
  return { help: false as const, command: command as Command, values, json: values.json ?? false };
}

/** Validates one option with zod; a failure is a usage error (exit 2). */
function option<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`--${name}: ${result.error.issues[0]?.message ?? "invalid value"}`);
  return result.data;
}

const roleOption = z.enum(ROLES, { error: (issue) => `"${String(issue.input)}" is not a role (${ROLES.join(", ")})` });

/** Fails with one sentence when the database is unreachable or not migrated. */
async function ensureSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ present: boolean }>(`SELECT to_regclass('"user"') IS NOT NULL AS "present"`);
    if (!rows[0]?.present) throw new Error("This database has no user table: run npm run db:migrate first.");
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("This database")) throw error;
    throw new Error(describeConnectionError(error, url));
  } finally {
    await client.end().catch(() => {});
  }
}

type Values = Extract<ReturnType<typeof parseCommandLine>, { help: false }>["values"];

async function run(command: Command, values: Values, json: boolean) {
  const print = (text: string, data: unknown) => console.log(json ? JSON.stringify(data, null, 2) : text);
  switch (command) {
    case "create-user": {
      const input = {
        email: values.email,
        password: values.password,
        name: values.name,
        role: option("role", roleOption, values.role),
      };
      const checked = createUserInputSchema.safeParse(input);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new UsageError(`--${String(issue?.path[0] ?? "input")}: ${issue?.message ?? "invalid value"}`);
      }
      const user = await createUser(checked.data);
      print(`Created ${user.role} ${user.email} (${user.name}, id ${user.id})`, { user });
      return;
    }
    case "create-token": {
      const scopes = option("scopes", scopeCsvSchema, values.scopes);
      const days = option(
        "days",
        z.coerce.number().int("a whole number of days").min(1).max(MAX_TOKEN_DAYS, `at most ${MAX_TOKEN_DAYS} days`),
        values.days ?? DEFAULT_TOKEN_DAYS,
      );
      const name = option("name", z.string().trim().min(1).max(64, "at most 64 characters"), values.name);
      const created = await createApiToken({ email: values.email! }, { name, scopes, expiresInDays: days });
      if (json) {
        console.log(JSON.stringify(created, null, 2));
      } else {
        console.error(
          `Token "${created.token.name}" for ${values.email!.toLowerCase()}: scopes ${created.token.scopes.join(",")}, expires ${created.token.expiresAt}. ` +
            "It is shown this once; keep it secret.",
        );
        console.log(created.secret);
      }
      return;
    }
    case "list-users": {
      const users = await listUsers();
      if (json) return print("", { users });
      if (!users.length) return console.log("No users yet: create one with npm run admin -- create-user …");
      const width = Math.max(5, ...users.map((user) => user.email.length));
      console.log(`${"EMAIL".padEnd(width)}  ROLE       CREATED     NAME`);
      for (const user of users) {
        console.log(`${user.email.padEnd(width)}  ${user.role.padEnd(9)}  ${user.createdAt.slice(0, 10)}  ${user.name}${user.banned ? "  (banned)" : ""}`);
      }
      return;
    }
    case "set-role": {
      const role = option("role", roleOption, values.role);
      const email = option("email", z.string().trim().toLowerCase().pipe(z.email("not an email address")), values.email);
      const user = await setUserRole({ email }, role);
      print(`${user.email} is now ${user.role}`, { user });
      return;
    }
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`admin: ${error.message} (npm run admin -- --help)`);
      return 2;
    }
    throw error;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  // (the .mjs default `log = () => {}` makes TypeScript infer a function without parameters)
  const log = ((line: string) => console.error(line)) as () => void;
  const database = await resolveDatabase({ log });
  process.env.DATABASE_URL = database.url;
  try {
    await ensureSchema(database.url);
    await run(parsed.command, parsed.values, parsed.json);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`admin: ${error.message} (npm run admin -- --help)`);
      return 2;
    }
    if (error instanceof ApiError) console.error(`admin: ${error.message}`);
    else if (error instanceof z.ZodError) console.error(`admin: ${error.issues.map((issue) => issue.message).join("; ")}`);
    else console.error(`admin: ${error instanceof Error && error.message ? error.message : String(error)}`);
    return 1;
  } finally {
    await getPrisma().$disconnect().catch(() => {});
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`admin: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
