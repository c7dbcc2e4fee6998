/**
 * A write refused by a unique index: Prisma's P2002 (the same through both driver adapters), or a raw statement's
 * P2010 whose driver error is a unique constraint violation (lib/db/raw-write.ts).
 */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const { code, meta } = e as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return code === "P2002" || (code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation");
}
