/** A write refused by a unique index (Prisma's P2002, the same through both driver adapters). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
