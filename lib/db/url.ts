/** Which database DATABASE_URL names. SQLite (a file) is the embedded default; postgres:// is the scale-out option. */
export type DatabaseKind = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./data/ed.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL && env.DATABASE_URL.trim() !== "" ? env.DATABASE_URL.trim() : DEFAULT_DATABASE_URL;
}

export function databaseKind(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (/^file:/i.test(url)) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(":")[0]}:…"`);
}

/** The SQLite file path of a file: URL (relative paths are relative to the working directory). */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/i, "").split("?")[0];
  if (path === "") throw new Error("DATABASE_URL file: needs a path, e.g. file:./data/ed.db");
  return path;
}
