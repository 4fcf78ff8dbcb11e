import { setUserRoleInputSchema } from "@/lib/auth/account-schemas";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { setUserRole } from "@/lib/server/set-user-role";

/** Changes a user's role: `{ "role": "viewer" | "annotator" | "admin" }`. */
export const PATCH = apiRoute<{ id: string }>("admin", async (req, { params }) => {
  const { role } = await readJson(req, setUserRoleInputSchema, { maxBytes: 4 * 1024 });
  return Response.json({ user: await setUserRole({ id: params.id }, role) });
});
