import type { Db, Tx } from "../db/client";
import type { LiveMatchDecision } from "./same-patient-rules";

/** Live (not undone) decisions about any pair that includes one of these bookings. */
export async function liveDecisions(client: Db | Tx, bookingIds: string[]): Promise<LiveMatchDecision[]> {
  if (!bookingIds.length) return [];
  const out: LiveMatchDecision[] = [];
  // Each id is two query parameters (either side of the pair): 200 at a time keeps well under SQLite's limit on
  // parameters per statement, which a week of active bookings on a busy board exceeds.
  for (let i = 0; i < bookingIds.length; i += 200) {
    const ids = bookingIds.slice(i, i + 200);
    out.push(
      ...(await client.patientMatchDecision.findMany({
        where: { undoneAt: null, OR: [{ bookingAId: { in: ids } }, { bookingBId: { in: ids } }] },
        select: { id: true, bookingAId: true, bookingBId: true, decision: true, decidedByName: true, decidedAt: true },
      })),
    );
  }
  return [...new Map(out.map((d) => [d.id, d])).values()];
}
