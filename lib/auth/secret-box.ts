import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/auth";

// Credentials the server must use again (a cluster's token) are stored encrypted: AES-256-GCM under a key derived
// from the server's secret, so a copy of the database alone does not give them away. Each box is bound to what it is
// for (`context`, authenticated but not encrypted: e.g. the origin the token may be sent to), so it cannot be opened
// for anything else. Format: "v1." + base64url of iv (12 bytes) | tag (16) | ciphertext.

const PREFIX = "v1.";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "reagent-workbench", "stored-credentials", 32));
}

export function seal(plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The plaintext, or null when the box was sealed under another secret or for another context (or is damaged). */
export function open(sealed: string, context: string): string | null {
  if (!sealed.startsWith(PREFIX)) return null;
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    decipher.setAAD(Buffer.from(context, "utf8"));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
