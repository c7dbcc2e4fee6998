import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { Prisma } from "../db/generated/sqlite/client";
import { logger } from "../observability/logger";

/**
 * Unmet demand: how many FHIR slot searches each UTC hour, per service and 111 organisation, found no free slot.
 *
 * Noting a search is O(1) and synchronous (a counter in this instance's memory, no database work on the search's
 * path). Every 5 seconds, and when the process exits, the counters are added to `SearchDemandHour` by an
 * insert-or-increment, so several instances add up and never overwrite each other. A crash can lose up to
 * 5 seconds of counts: this is monitoring, not patient data.
 */
export const FLUSH_INTERVAL_MS = 5_000;
const HOUR_MS = 3_600_000;

interface Pending {
  serviceId: string;
  consumerOds: string;
  hourStart: number;
  /** A DoS id to resolve to its service when the search found no slot to name one. */
  dosId: string | null;
  searches: number;
  withoutFree: number;
}

const state = globalThis as unknown as { __edSearchDemand?: { pending: Map<string, Pending>; timer: NodeJS.Timeout | null; hooked: boolean; flushing: Promise<void> | null } };

function store() {
  return (state.__edSearchDemand ??= { pending: new Map(), timer: null, hooked: false, flushing: null });
}

export function noteSlotSearch(s: { at: Date; serviceId: string | null; consumerOds: string | null; freeCount: number; dosId?: string | null }): void {
  const st = store();
  const hourStart = Math.floor(s.at.getTime() / HOUR_MS) * HOUR_MS;
  const serviceId = s.serviceId ?? "";
  const dosId = s.serviceId ? null : (s.dosId ?? null);
  const consumerOds = (s.consumerOds ?? "").toUpperCase();
  const key = `${serviceId}|${dosId ?? ""}|${consumerOds}|${hourStart}`;
  let p = st.pending.get(key);
  if (!p) st.pending.set(key, (p = { serviceId, consumerOds, hourStart, dosId, searches: 0, withoutFree: 0 }));
  p.searches++;
  if (s.freeCount <= 0) p.withoutFree++;
  startFlushing(st);
}

function startFlushing(st: ReturnType<typeof store>): void {
  if (!st.timer) {
    st.timer = setInterval(() => void flushSearchDemand().catch((err) => logger().warn({ err: (err as Error).message }, "search demand flush failed")), FLUSH_INTERVAL_MS);
    st.timer.unref();
  }
  if (!st.hooked) {
    st.hooked = true;
    process.once("beforeExit", () => void flushSearchDemand().catch(() => undefined));
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      process.once(sig, () => {
        // Flush, then let the signal do what it would have done had nobody listened (unless someone else handles it).
        const done = () => {
          if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
        };
        const timeout = setTimeout(done, 2_000);
        timeout.unref();
        void flushSearchDemand()
          .catch(() => undefined)
          .finally(() => {
            clearTimeout(timeout);
            done();
          });
      });
    }
  }
}

/** Adds what this instance has counted to the database and clears it. Counts that fail to write are kept for the next try. */
export async function flushSearchDemand(): Promise<void> {
  const st = store();
  // One flush at a time: a second caller waits for the running one, then flushes what came in since.
  while (st.flushing) await st.flushing.catch(() => undefined);
  if (st.pending.size === 0) return;
  const batch = [...st.pending.values()];
  st.pending.clear();
  st.flushing = write(batch).catch((err) => {
    for (const p of batch) {
      const key = `${p.serviceId}|${p.dosId ?? ""}|${p.consumerOds}|${p.hourStart}`;
      const q = st.pending.get(key);
      if (q) {
        q.searches += p.searches;
        q.withoutFree += p.withoutFree;
      } else st.pending.set(key, p);
    }
    throw err;
  });
  try {
    await st.flushing;
  } finally {
    st.flushing = null;
  }
}

/** Adds counts to the table by insert-or-increment (exported for tests: several instances writing the same hour at once). */
export async function addSearchDemand(rows: { serviceId: string; consumerOds: string; hourStart: Date; searches: number; withoutFree: number }[]): Promise<void> {
  await write(rows.map((r) => ({ ...r, hourStart: r.hourStart.getTime(), dosId: null })));
}

async function write(batch: Pending[]): Promise<void> {
  const dosIds = [...new Set(batch.map((p) => p.dosId).filter((d): d is string => d !== null))];
  const serviceOfDos = new Map<string, string>();
  if (dosIds.length) {
    for (const d of await db().dosServiceId.findMany({ where: { value: { in: dosIds } }, select: { value: true, serviceId: true } })) serviceOfDos.set(d.value, d.serviceId);
  }
  // Merge rows that now share a key (two DoS ids of one service).
  const rows = new Map<string, { serviceId: string; consumerOds: string; hourStart: Date; searches: number; withoutFree: number }>();
  for (const p of batch) {
    const serviceId = p.serviceId || (p.dosId ? (serviceOfDos.get(p.dosId) ?? "") : "");
    const key = `${serviceId}|${p.consumerOds}|${p.hourStart}`;
    const r = rows.get(key);
    if (r) {
      r.searches += p.searches;
      r.withoutFree += p.withoutFree;
    } else rows.set(key, { serviceId, consumerOds: p.consumerOds, hourStart: new Date(p.hourStart), searches: p.searches, withoutFree: p.withoutFree });
  }
  const values = [...rows.values()].map((r) => Prisma.sql`(${randomUUID()}, ${r.serviceId}, ${r.consumerOds}, ${r.hourStart}, ${r.searches}, ${r.withoutFree})`);
  for (let i = 0; i < values.length; i += 500) {
    await db().$executeRaw`INSERT INTO "SearchDemandHour" ("id", "serviceId", "consumerOds", "hourStart", "searches", "withoutFree")
      VALUES ${Prisma.join(values.slice(i, i + 500))}
      ON CONFLICT ("serviceId", "consumerOds", "hourStart")
      DO UPDATE SET "searches" = "SearchDemandHour"."searches" + excluded."searches", "withoutFree" = "SearchDemandHour"."withoutFree" + excluded."withoutFree"`;
  }
}
