import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "./record-audit";
import type { StaffActor } from "../auth/actor";
import { addDays, isLondonDate, londonIsoWithOffset, startOfLondonDay } from "../time/london";
import { Forbidden } from "../errors";
import { nhsNumberProblem } from "../nhs/nhs-number";

export interface AuditRow {
  id: string;
  at: Date;
  actorType: string;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  consumerOds: string | null;
  consumerAsid: string | null;
  patientNhsNumber: string | null;
  requestId: string | null;
  reason: string | null;
  /** A password sign-in while NHS CIS2 is the normal route (the reason says why). */
  breakGlass: boolean;
}

const BREAK_GLASS_MARK = '"breakGlass":true';

const optionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined));

export const auditFilter = z.object({
  actor: optionalText,
  consumer: optionalText,
  nhsNumber: optionalText
    .transform((v) => v?.replace(/[\s-]/g, ""))
    .superRefine((v, ctx) => {
      const problem = v ? nhsNumberProblem(v) : null;
      if (problem) ctx.addIssue({ code: "custom", message: NHS_NUMBER_MESSAGES[problem] });
    }),
  action: optionalText,
  from: optionalText.refine((v) => !v || isLondonDate(v), "Enter a real date for 'from'"),
  to: optionalText.refine((v) => !v || isLondonDate(v), "Enter a real date for 'to'"),
  /** Only break-glass sign-ins. */
  breakGlass: z
    .enum(["yes", "on", "true"], { message: "Break-glass filter must be yes or empty" })
    .optional()
    .or(z.literal("").transform(() => undefined))
    .transform((v) => (v ? true : undefined)),
}).refine((f) => !f.from || !f.to || !isLondonDate(f.from) || !isLondonDate(f.to) || f.from <= f.to, { message: "The 'from' date must be on or before the 'to' date", path: ["to"] });
const NHS_NUMBER_MESSAGES = {
  format: "Enter the patient's NHS number as 10 digits, for example 999 376 6984",
  "check-digit": "That is not a valid NHS number: check the digits (the last one is a check digit)",
  placeholder: "That is not a valid NHS number: check the digits",
} as const;

export type AuditFilter = z.infer<typeof auditFilter>;

/**
 * Searches the audit log, so a subject-access request or an investigation can be answered: by member of
 * staff, by 111 consumer (ODS code or ASID), by patient NHS number (including 111 systems' reads through the
 * FHIR API), by action and by London dates. Every search and every export is itself audited, with the filter
 * and, when a patient was searched for, their NHS number (so the patient's own record shows who looked).
 */
export async function searchAudit(filter: AuditFilter, actor: StaffActor, limit = 500, purpose: "view" | "export" = "view", skip = 0): Promise<AuditRow[]> {
  if (actor.role !== "admin") throw new Forbidden("Only administrators can read the audit log");
  const rows = await db().auditEvent.findMany({
    where: {
      ...(filter.actor ? { actorName: { contains: filter.actor } } : {}),
      ...(filter.consumer ? { OR: [{ consumerOds: filter.consumer.toUpperCase() }, { consumerAsid: filter.consumer }] } : {}),
      ...(filter.nhsNumber ? { patientNhsNumber: filter.nhsNumber } : {}),
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.breakGlass ? { detail: { contains: BREAK_GLASS_MARK } } : {}),
      ...(filter.from || filter.to
        ? { at: { ...(filter.from ? { gte: startOfLondonDay(filter.from) } : {}), ...(filter.to ? { lt: startOfLondonDay(addDays(filter.to, 1)) } : {}) } }
        : {}),
    },
    // Newest first; equal times in a fixed order, so pages neither repeat nor miss an event.
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: Math.max(0, Math.floor(skip)),
    take: Math.min(limit, 5000),
    select: {
      id: true,
      at: true,
      actorType: true,
      actorName: true,
      actorRole: true,
      action: true,
      entityType: true,
      entityId: true,
      outcome: true,
      consumerOds: true,
      consumerAsid: true,
      patientNhsNumber: true,
      requestId: true,
      reason: true,
      detail: true,
    },
  });
  await recordAudit(actor, {
    action: purpose === "export" ? "audit.export" : "audit.search",
    entityType: "AuditEvent",
    patientNhsNumber: filter.nhsNumber ?? null,
    detail: { filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)), results: rows.length, ...(skip > 0 ? { skipped: skip } : {}) },
  });
  return rows.map(({ detail, ...r }) => ({ ...r, breakGlass: !!detail && detail.includes(BREAK_GLASS_MARK) }));
}

/** Audit events per page on the audit log screen. */
export const AUDIT_PAGE_SIZE = 500;

function csvCell(v: unknown): string {
  // Times in UK time with their offset (2027-06-16T08:00:00+01:00), as on the screen, and still exact.
  const s = v instanceof Date ? londonIsoWithOffset(v) : v == null ? "" : String(v);
  // Quote everything; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(rows: AuditRow[]): string {
  const cols: (keyof AuditRow)[] = ["at", "actorType", "actorName", "actorRole", "action", "entityType", "entityId", "outcome", "consumerOds", "consumerAsid", "patientNhsNumber", "requestId", "reason", "breakGlass"];
  return [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\r\n") + "\r\n";
}
