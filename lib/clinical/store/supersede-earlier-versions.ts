import type { Tx } from "../../db/client";

/**
 * When a later version of a report is attached to a booking, the earlier versions of its set that were attached
 * to that booking (or decoupled from a cancelled one) become superseded: kept, still readable as earlier versions,
 * no longer current. Answers the ids superseded.
 */
export async function supersedeEarlierVersions(tx: Tx, row: { id: string; setId: string | null; versionNumber: number | null }, bookingId: string, now: Date): Promise<string[]> {
  if (!row.setId || row.versionNumber === null) return [];
  const earlier = await tx.clinicalDocument.findMany({
    where: {
      id: { not: row.id },
      setId: row.setId,
      versionNumber: { lt: row.versionNumber },
      OR: [{ state: "linked", appointmentId: bookingId }, { state: "booking-cancelled" }],
    },
    select: { id: true },
  });
  for (const e of earlier) {
    await tx.clinicalDocument.updateMany({
      where: { id: e.id, state: { not: "superseded" } },
      data: { state: "superseded", supersededById: row.id, supersededAt: now, stateChangedAt: now, appointmentId: bookingId, version: { increment: 1 } },
    });
  }
  return earlier.map((e) => e.id);
}
