// Request and response shapes of the account routes (users, API tokens). Pure: shared by lib/server, the route
// handlers, the CLI and the Settings page.
import * as z from "zod";
import { roleSchema, scopeListSchema, scopeSchema } from "@/lib/auth/roles";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
export const DEFAULT_TOKEN_DAYS = 30;
export const MAX_TOKEN_DAYS = 365;

const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address"));

export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  banned: z.boolean(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const createUserInputSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(100).optional(),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The password needs at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH, `The password may have at most ${MAX_PASSWORD_LENGTH} characters`),
  role: roleSchema.default("viewer"),
});
export type CreateUserInput = z.input<typeof createUserInputSchema>;

export const setUserRoleInputSchema = z.object({ role: roleSchema });
export type SetUserRoleInput = z.infer<typeof setUserRoleInputSchema>;

/** A user named by id (the API) or by email (the CLI). */
export const userRefSchema = z.union([z.object({ id: z.string().min(1) }), z.object({ email: emailSchema })]);
export type UserRef = z.input<typeof userRefSchema>;

/** An API token as listed: never the secret, only its first characters. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  scopes: z.array(scopeSchema),
  start: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createApiTokenInputSchema = z.object({
  name: z.string().trim().min(1, "Name the token").max(64, "At most 64 characters"),
  scopes: scopeListSchema,
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS, `At most ${MAX_TOKEN_DAYS} days`).default(DEFAULT_TOKEN_DAYS),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInputSchema>;

/** The answer to creating a token: `secret` is the token itself, shown this once and never stored. */
export const createdApiTokenSchema = z.object({ secret: z.string(), token: apiTokenSchema });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

export const tokenListResponseSchema = z.object({ tokens: z.array(apiTokenSchema) });
export const userListResponseSchema = z.object({ users: z.array(userSummarySchema) });
export const userResponseSchema = z.object({ user: userSummarySchema });
