import "server-only";
import { isAPIError } from "better-auth/api";
import { type CreateUserInput, createUserInputSchema, type UserSummary } from "@/lib/auth/account-schemas";
import { getAuth } from "@/lib/auth/auth";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { findUser } from "@/lib/server/find-user";

/**
 * Creates a user who signs in with email and password (sign-up is closed: admins and the CLI create accounts).
 * ApiError 409 when the email is taken; ZodError when the input is invalid (password under 10 characters …).
 */
export async function createUser(input: CreateUserInput): Promise<UserSummary> {
  const { email, name, password, role } = createUserInputSchema.parse(input);
  const taken = () => new ApiError(409, "user_exists", `A user with the email ${email} already exists`);
  if (await getPrisma().user.findUnique({ where: { email }, select: { id: true } })) throw taken();
  try {
    // No headers: a trusted server call, which the admin plugin allows without a session.
    const { user } = await getAuth().api.createUser({
      body: { email, password, name: name || email.split("@")[0], role },
    });
    return findUser({ id: user.id });
  } catch (error) {
    if (isAPIError(error) && error.body?.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") throw taken();
    if ((error as { code?: string })?.code === "P2002") throw taken(); // a concurrent create won the race
    if (isAPIError(error) && error.statusCode === 400) throw new ApiError(400, "invalid_user", error.message);
    throw error;
  }
}
