// Roles and API-token scopes. Pure: no I/O, safe to import from client components.
import * as z from "zod";

/** Roles in increasing order of power: each role can do everything the ones before it can. */
export const ROLES = ["viewer", "annotator", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * What a request may do. `read`: browse everything; `ingest`: import trajectories, judgments and metrics;
 * `annotate`: write annotations; `launch`: start and cancel cluster jobs; `admin`: manage users.
 */
export const SCOPES = ["read", "ingest", "annotate", "launch", "admin"] as const;
export const scopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof scopeSchema>;

/** The scopes each role may hold, through its session or through its API tokens. */
export const ROLE_SCOPES = {
  viewer: ["read"],
  annotator: ["read", "annotate"],
  admin: [...SCOPES],
} as const satisfies Record<Role, readonly Scope[]>;

export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", annotator: "Annotator", admin: "Admin" };

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  read: "Browse runs, trajectories, judgments and charts",
  ingest: "Import trajectories, judgments and metrics",
  annotate: "Write annotations",
  launch: "Launch and cancel cluster jobs",
  admin: "Manage users",
};

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** True when `role` is `min` or above it. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return roleRank(role) >= roleRank(min);
}

export function scopesForRole(role: Role): readonly Scope[] {
  return ROLE_SCOPES[role];
}

export function roleAllowsScope(role: Role, scope: Scope): boolean {
  return (ROLE_SCOPES[role] as readonly Scope[]).includes(scope);
}

/** The least powerful role that may hold `scope`. */
export function minimumRoleForScope(scope: Scope): Role {
  return ROLES.find((role) => roleAllowsScope(role, scope)) ?? "admin";
}

/**
 * Reads a role as stored by better-auth (a string, possibly comma-separated, possibly unknown or missing).
 * Unknown roles count as nothing; missing or unknown altogether gives the least powerful role.
 */
export function parseStoredRole(value: string | null | undefined): Role {
  const known = (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part): part is Role => (ROLES as readonly string[]).includes(part));
  return known.reduce<Role>((best, role) => (roleRank(role) > roleRank(best) ? role : best), "viewer");
}

/** A token's scopes as given by a user: at least one, no duplicates (kept in SCOPES order). */
export const scopeListSchema = z
  .array(scopeSchema)
  .min(1, "Pick at least one scope")
  .transform((scopes) => SCOPES.filter((scope) => scopes.includes(scope)));

/** Parses `read,ingest` (the CLI's form) into scopes. */
export const scopeCsvSchema = z
  .string()
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
  .pipe(scopeListSchema);

/** The scopes a token may hold for an owner of `role`, and the ones it asked for that it may not. */
export function disallowedScopes(role: Role, scopes: readonly Scope[]): Scope[] {
  return scopes.filter((scope) => !roleAllowsScope(role, scope));
}

/**
 * What a token can do right now: its own scopes, cut down to what its owner's *current* role allows (a demoted
 * owner's tokens lose the scopes the new role lacks).
 */
export function effectiveTokenScopes(tokenScopes: readonly Scope[], ownerRole: Role): Scope[] {
  return SCOPES.filter((scope) => tokenScopes.includes(scope) && roleAllowsScope(ownerRole, scope));
}

// API tokens keep their scopes as better-auth permissions: { scope: ["read", "ingest"] }.
export const TOKEN_PERMISSION_KEY = "scope";

export function scopesToPermissions(scopes: readonly Scope[]): Record<string, string[]> {
  return { [TOKEN_PERMISSION_KEY]: [...scopes] };
}

/** Reads a token's scopes from its permissions (an object, or the JSON text stored in the database). */
export function scopesFromPermissions(permissions: unknown): Scope[] {
  let value = permissions;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!value || typeof value !== "object") return [];
  const listed = (value as Record<string, unknown>)[TOKEN_PERMISSION_KEY];
  if (!Array.isArray(listed)) return [];
  return SCOPES.filter((scope) => listed.includes(scope));
}
