import "server-only";
import type { UserSummary } from "@/lib/auth/account-schemas";
import { getPrisma } from "@/lib/db/prisma";
import { toUserSummary, USER_SUMMARY_SELECT } from "@/lib/server/find-user";

/** Every user, oldest first. */
export async function listUsers(): Promise<UserSummary[]> {
  const users = await getPrisma().user.findMany({ select: USER_SUMMARY_SELECT, orderBy: [{ createdAt: "asc" }, { email: "asc" }] });
  return users.map(toUserSummary);
}
