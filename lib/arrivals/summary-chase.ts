import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM } from "../auth/actor";
import { arrivalsConfig, type ArrivalsConfig } from "./arrivals-config";
import { now as clockNow } from "../time/clock";

/**
 * A 111 summary that never arrives (HAZ-072): 111's ITK failed, or the booking service sends its reports by e-mail
 * to a trust whose Directory of Services entry says so. SUMMARY_MISSING_MINUTES after the booking was made with no
 * report attached (and none waiting to be checked against it), the booking says so with 111's number, and a task to
 * phone 111 for it is raised. The task closes itself when a summary is attached, by ITK or by another route.
 */
export const CHASE_TASK_KIND = "chase-111-summary";

export interface SummaryChase {
  /** When the summary became overdue. */
  overdueSince: Date;
  /** The booking 111 service, as named in the booking. */
  service: string;
  /** Its number from NHS111_PHONE_NUMBERS; null when not recorded. */
  phone: string | null;
}

interface BookingFacts {
  source: string;
  status: string;
  createdAt: Date;
  bookingOrgOds: string | null;
  bookingOrgName: string | null;
}

/** Whether this booking's summary is overdue, given whether one is attached or waiting to be checked. */
export function summaryChaseFor(b: BookingFacts, has: { summary: boolean; beingChecked: boolean }, now: Date, cfg: Pick<ArrivalsConfig, "summaryMissingMinutes" | "nhs111Phones">): SummaryChase | null {
  // Only 111 bookings carry a summary; a booking the ED made itself never will.
  if (b.source !== "fhir" || b.status !== "booked" || has.summary || has.beingChecked) return null;
  const overdueSince = new Date(b.createdAt.getTime() + cfg.summaryMissingMinutes * 60_000);
  if (now < overdueSince) return null;
  return { overdueSince, service: b.bookingOrgName ?? b.bookingOrgOds ?? "the 111 service that booked", phone: b.bookingOrgOds ? (cfg.nhs111Phones[b.bookingOrgOds.toUpperCase()] ?? null) : null };
}

export function chaseText(c: SummaryChase): string {
  return c.phone ? `111 summary not received: phone 111 on ${c.phone} (${c.service}) and ask for it` : `111 summary not received: phone ${c.service} and ask for it (its number is not recorded here)`;
}

/**
 * Run on the arrivals schedule: raises one chase task for each active 111 booking whose summary is overdue (never
 * a second for the same booking), and closes open chase tasks whose booking now has a summary. Returns the counts.
 */
export async function chaseMissingSummaries(now = clockNow(), cfg: ArrivalsConfig = arrivalsConfig()): Promise<{ raised: number; closed: number }> {
  const cutoff = new Date(now.getTime() - cfg.summaryMissingMinutes * 60_000);
  const [candidates, reviewing] = await Promise.all([
    db().appointment.findMany({
      where: {
        source: "fhir",
        status: "booked",
        createdAt: { lte: cutoff },
        // Still relevant: not long past its arrival time.
        start: { gte: new Date(now.getTime() - 24 * 3600_000) },
        documents: { none: { state: { in: ["linked", "superseded"] } } },
        otherRouteSummaries: { none: {} },
        contactTasks: { none: { kind: CHASE_TASK_KIND } },
      },
      select: { id: true, source: true, status: true, createdAt: true, bookingOrgOds: true, bookingOrgName: true, patient: { select: { nhsNumber: true } } },
      take: 500,
    }),
    db().clinicalDocument.findMany({ where: { state: "needs-review", candidateIds: { not: null } }, select: { candidateIds: true } }),
  ]);
  const beingChecked = new Set(reviewing.flatMap((d) => (d.candidateIds ?? "").split(",")));
  let raised = 0;
  for (const b of candidates) {
    const chase = summaryChaseFor(b, { summary: false, beingChecked: beingChecked.has(b.id) }, now, cfg);
    if (!chase) continue;
    await db().$transaction(async (tx) => {
      // Re-checked inside the transaction: another instance running the same step makes none of its own.
      if (await tx.contactTask.count({ where: { appointmentId: b.id, kind: CHASE_TASK_KIND } })) return;
      const task = await tx.contactTask.create({
        data: { appointmentId: b.id, kind: CHASE_TASK_KIND, reason: chaseText(chase), phone: chase.phone, phoneOwner: `NHS 111: ${chase.service}`, createdAt: now },
      });
      await recordAudit(SYSTEM, { action: "task.create", entityType: "ContactTask", entityId: task.id, patientNhsNumber: b.patient.nhsNumber, reason: task.reason, detail: { bookingId: b.id, kind: CHASE_TASK_KIND, hasPhone: !!chase.phone } }, tx);
      raised++;
    });
  }
  const closed = await closeChaseTasksAnswered(now);
  return { raised, closed };
}

/** Closes open chase tasks whose booking now has a summary, by ITK or another route. Audited. */
export async function closeChaseTasksAnswered(now = clockNow(), appointmentId?: string): Promise<number> {
  const open = await db().contactTask.findMany({
    where: {
      kind: CHASE_TASK_KIND,
      status: "open",
      ...(appointmentId ? { appointmentId } : {}),
      appointment: { OR: [{ documents: { some: { state: { in: ["linked", "superseded"] } } } }, { otherRouteSummaries: { some: {} } }] },
    },
    select: { id: true, version: true, appointmentId: true, appointment: { select: { patient: { select: { nhsNumber: true } } } } },
  });
  let closed = 0;
  for (const t of open) {
    const { count } = await db().contactTask.updateMany({
      where: { id: t.id, version: t.version, status: "open" },
      data: { status: "done", outcome: "summary-received", closedAt: now, version: { increment: 1 } },
    });
    if (count !== 1) continue;
    await recordAudit(SYSTEM, { action: "task.close", entityType: "ContactTask", entityId: t.id, patientNhsNumber: t.appointment.patient.nhsNumber, detail: { bookingId: t.appointmentId, outcome: "summary-received", automatic: true } });
    closed++;
  }
  return closed;
}
