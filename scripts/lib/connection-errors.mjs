// Turns a failed PostgreSQL connection into one sentence that says what to do.
export function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Null when `url` is a postgresql:// URL, else the sentence that says what is wrong with it. */
export function checkDatabaseUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return "DATABASE_URL is not a URL: write it as postgresql://USER:PASSWORD@HOST:PORT/DATABASE.";
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    return `DATABASE_URL starts with ${parsed.protocol}// but must be a postgresql:// URL.`;
  }
  return null;
}

export function describeConnectionError(error, url) {
  const invalid = checkDatabaseUrl(url);
  if (invalid) return invalid;
  const where = redactUrl(url);
  const code = error?.code;
  if (code === "ECONNREFUSED") return `No PostgreSQL server answers at ${where}: start it, or fix DATABASE_URL.`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The host in DATABASE_URL (${where}) does not resolve: fix DATABASE_URL.`;
  if (code === "28P01" || code === "28000") return `PostgreSQL at ${where} rejected the user or password: fix the credentials in DATABASE_URL.`;
  if (code === "3D000") return `The database named in DATABASE_URL (${where}) does not exist: create it (createdb) or fix DATABASE_URL.`;
  if (code === "ETIMEDOUT") return `Connecting to ${where} timed out: check the host, port and firewall in DATABASE_URL.`;
  if (error instanceof TypeError && /Invalid URL/i.test(error.message)) return `DATABASE_URL is not a valid postgresql:// URL.`;
  return `Could not use the database at ${where}: ${error?.message ?? error}`;
}
