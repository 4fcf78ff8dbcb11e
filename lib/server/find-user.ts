import "server-only";
import { type UserRef, userRefSchema, type UserSummary } from "@/lib/auth/account-schemas";
import { parseStoredRole } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";

export const USER_SUMMARY_SELECT = { id: true, email: true, name: true, role: true, banned: true, createdAt: true } as const;

export function toUserSummary(user: {
  id: string;
  email: string;
  name: string;
  role: string | null;
  banned: boolean | null;
  createdAt: Date;
}): UserSummary {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: parseStoredRole(user.role),
    banned: user.banned ?? false,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The user named by id or email; ApiError 404 when there is none. */
export async function findUser(ref: UserRef): Promise<UserSummary> {
  const parsed = userRefSchema.parse(ref);
  const user = await getPrisma().user.findUnique({
    where: "id" in parsed ? { id: parsed.id } : { email: parsed.email },
    select: USER_SUMMARY_SELECT,
  });
  if (!user) throw new ApiError(404, "user_not_found", `No user ${"id" in parsed ? parsed.id : parsed.email}`);
  return toUserSummary(user);
}
