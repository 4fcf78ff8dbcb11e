// The accounts the e2e web server creates before `next start` (see playwright.config.ts). Only for the throwaway
// database of one Playwright run.
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password-0001", role: "admin" } as const;
export const E2E_VIEWER = { email: "viewer@e2e.test", password: "e2e-viewer-password-0001", role: "viewer" } as const;
export const E2E_USERS = [E2E_ADMIN, E2E_VIEWER] as const;
