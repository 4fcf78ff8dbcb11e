import { describe, expect, it } from "vitest";
import {
  disallowedScopes,
  effectiveTokenScopes,
  minimumRoleForScope,
  parseStoredRole,
  ROLE_SCOPES,
  ROLES,
  roleAllowsScope,
  roleAtLeast,
  roleSchema,
  SCOPES,
  scopeCsvSchema,
  scopeListSchema,
  scopeSchema,
  scopesForRole,
  scopesFromPermissions,
  scopesToPermissions,
} from "@/lib/auth/roles";

describe("roles", () => {
  it("are ordered viewer < annotator < admin", () => {
    expect(ROLES).toEqual(["viewer", "annotator", "admin"]);
    expect(roleAtLeast("viewer", "viewer")).toBe(true);
    expect(roleAtLeast("annotator", "viewer")).toBe(true);
    expect(roleAtLeast("admin", "annotator")).toBe(true);
    expect(roleAtLeast("viewer", "annotator")).toBe(false);
    expect(roleAtLeast("annotator", "admin")).toBe(false);
  });

  it("give each role its scopes: viewer reads, annotator also annotates, admin does everything", () => {
    expect(scopesForRole("viewer")).toEqual(["read"]);
    expect(scopesForRole("annotator")).toEqual(["read", "annotate"]);
    expect(scopesForRole("admin")).toEqual([...SCOPES]);
    const table = Object.fromEntries(ROLES.map((role) => [role, SCOPES.filter((scope) => roleAllowsScope(role, scope))]));
    expect(table).toEqual({
      viewer: ["read"],
      annotator: ["read", "annotate"],
      admin: ["read", "ingest", "annotate", "launch", "admin"],
    });
  });

  it("never lets a lower role hold a scope a higher role lacks (monotonic)", () => {
    for (let i = 1; i < ROLES.length; i++) {
      for (const scope of ROLE_SCOPES[ROLES[i - 1]]) expect(roleAllowsScope(ROLES[i], scope)).toBe(true);
    }
  });

  it("names the least role for each scope", () => {
    expect(minimumRoleForScope("read")).toBe("viewer");
    expect(minimumRoleForScope("annotate")).toBe("annotator");
    expect(minimumRoleForScope("ingest")).toBe("admin");
    expect(minimumRoleForScope("launch")).toBe("admin");
    expect(minimumRoleForScope("admin")).toBe("admin");
  });

  it("validates roles and scopes with zod", () => {
    expect(roleSchema.parse("annotator")).toBe("annotator");
    expect(roleSchema.safeParse("user").success).toBe(false);
    expect(roleSchema.safeParse("Admin").success).toBe(false);
    expect(scopeSchema.parse("ingest")).toBe("ingest");
    expect(scopeSchema.safeParse("write").success).toBe(false);
  });

  it("reads stored roles defensively: missing or unknown is viewer, several is the highest known", () => {
    expect(parseStoredRole("admin")).toBe("admin");
    expect(parseStoredRole(null)).toBe("viewer");
    expect(parseStoredRole(undefined)).toBe("viewer");
    expect(parseStoredRole("")).toBe("viewer");
    expect(parseStoredRole("user")).toBe("viewer");
    expect(parseStoredRole("superuser")).toBe("viewer");
    expect(parseStoredRole("viewer, annotator")).toBe("annotator");
    expect(parseStoredRole("user,admin")).toBe("admin");
  });
});

describe("token scopes", () => {
  it("parse lists: at least one, deduplicated, in canonical order", () => {
    expect(scopeListSchema.parse(["ingest", "read", "ingest"])).toEqual(["read", "ingest"]);
    expect(scopeListSchema.safeParse([]).success).toBe(false);
    expect(scopeListSchema.safeParse(["read", "write"]).success).toBe(false);
  });

  it("parse the CLI's comma-separated form", () => {
    expect(scopeCsvSchema.parse("read,ingest")).toEqual(["read", "ingest"]);
    expect(scopeCsvSchema.parse(" ingest , read ,")).toEqual(["read", "ingest"]);
    expect(scopeCsvSchema.safeParse("").success).toBe(false);
    expect(scopeCsvSchema.safeParse("read,everything").success).toBe(false);
  });

  it("name the scopes an owner's role may not hold", () => {
    expect(disallowedScopes("viewer", ["read"])).toEqual([]);
    expect(disallowedScopes("viewer", ["read", "ingest", "annotate"])).toEqual(["ingest", "annotate"]);
    expect(disallowedScopes("annotator", ["annotate", "launch"])).toEqual(["launch"]);
    expect(disallowedScopes("admin", [...SCOPES])).toEqual([]);
  });

  it("are cut down to the owner's current role (a demoted owner's tokens lose scopes)", () => {
    expect(effectiveTokenScopes(["read", "ingest", "launch"], "admin")).toEqual(["read", "ingest", "launch"]);
    expect(effectiveTokenScopes(["read", "ingest", "launch"], "viewer")).toEqual(["read"]);
    expect(effectiveTokenScopes(["annotate"], "annotator")).toEqual(["annotate"]);
    expect(effectiveTokenScopes(["annotate"], "viewer")).toEqual([]);
    expect(effectiveTokenScopes([], "admin")).toEqual([]);
  });

  it("round-trip through better-auth permissions, as objects and as stored JSON", () => {
    const permissions = scopesToPermissions(["read", "ingest"]);
    expect(permissions).toEqual({ scope: ["read", "ingest"] });
    expect(scopesFromPermissions(permissions)).toEqual(["read", "ingest"]);
    expect(scopesFromPermissions(JSON.stringify(permissions))).toEqual(["read", "ingest"]);
  });

  it("read nothing from malformed permissions", () => {
    expect(scopesFromPermissions(null)).toEqual([]);
    expect(scopesFromPermissions("not json")).toEqual([]);
    expect(scopesFromPermissions("[]")).toEqual([]);
    expect(scopesFromPermissions({ scope: "read" })).toEqual([]);
    expect(scopesFromPermissions({ other: ["read"] })).toEqual([]);
    expect(scopesFromPermissions({ scope: ["read", "root", 7] })).toEqual(["read"]);
  });
});
