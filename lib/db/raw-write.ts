import { Prisma } from "./generated/sqlite/client";

/**
 * Plain INSERT and UPDATE statements for hot paths (the HL7v2 door's per-message writes, the audit log): the same
 * rows the ORM would write, without its per-query planning, which costs several times the write itself. Values are
 * bound parameters; a Date is stored as the ORM stores it (ISO 8601 UTC text on SQLite, timestamp on PostgreSQL).
 * Identifiers are checked, never taken from input. The caller supplies every value the schema defaults (ids, times).
 */
export type RawValue = string | number | Date | null;

const ident = (name: string) => {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
};

export function insertSql(table: string, row: Record<string, RawValue | undefined>): Prisma.Sql {
  const cols = Object.keys(row).filter((k) => row[k] !== undefined);
  return Prisma.sql`INSERT INTO ${Prisma.raw(ident(table))} (${Prisma.raw(cols.map(ident).join(", "))}) VALUES (${Prisma.join(cols.map((c) => row[c] as RawValue))})`;
}

export function updateByIdSql(table: string, id: string, set: Record<string, RawValue | undefined>): Prisma.Sql {
  const cols = Object.keys(set).filter((k) => set[k] !== undefined);
  return Prisma.sql`UPDATE ${Prisma.raw(ident(table))} SET ${Prisma.join(cols.map((c) => Prisma.sql`${Prisma.raw(ident(c))} = ${set[c] as RawValue}`))} WHERE "id" = ${id}`;
}

/** An instant read by a raw SELECT: a Date on PostgreSQL, ISO text on SQLite. */
export function rawInstant(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(String(v));
}
