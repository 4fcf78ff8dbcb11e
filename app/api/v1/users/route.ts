import { createUserInputSchema } from "@/lib/auth/account-schemas";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { createUser } from "@/lib/server/create-user";
import { listUsers } from "@/lib/server/list-users";

export const GET = apiRoute("admin", async () => Response.json({ users: await listUsers() }));

export const POST = apiRoute("admin", async (req) => {
  const input = await readJson(req, createUserInputSchema, { maxBytes: 16 * 1024 });
  return Response.json({ user: await createUser(input) }, { status: 201 });
});
