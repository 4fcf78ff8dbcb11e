import "server-only";
import type { UserRef, UserSummary } from "@/lib/auth/account-schemas";
import { type Role, roleSchema } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { findUser } from "@/lib/server/find-user";

/**
 * Gives a user another role; it applies to their next request (sessions and tokens are checked against the current
 * role). Refuses to demote the last admin (ApiError 409), so the workbench always keeps someone who can manage it.
 */
export async function setUserRole(ref: UserRef, role: Role): Promise<UserSummary> {
  const newRole = roleSchema.parse(role);
  const target = await findUser(ref);
  if (target.role === newRole) return target;
  await getPrisma().$transaction(async (tx) => {
    if (target.role === "admin") {
      // Lock the admins so two concurrent demotions cannot both see another admin left.
      const admins = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "user" WHERE "role" = 'admin' FOR UPDATE`;
      if (admins.filter((admin) => admin.id !== target.id).length === 0) {
        throw new ApiError(409, "last_admin", `${target.email} is the last admin: make someone else admin first`);
      }
    }
    await tx.user.update({ where: { id: target.id }, data: { role: newRole } });
  });
  return findUser({ id: target.id });
}
