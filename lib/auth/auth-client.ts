"use client";
import { createAuthClient } from "better-auth/react";

/** better-auth's browser client: same origin as the page, so it works on whatever host and port serve the app. */
export const authClient = createAuthClient();
