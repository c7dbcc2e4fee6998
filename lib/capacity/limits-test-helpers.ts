/** Small builders for the capacity-limits tests. Instants are always written with an explicit offset. */
import type {
  ActiveSuspension,
  BookingStatus,
  CandidateSlot,
  CapacityContext,
  ExistingBooking,
  QuotaRule,
  ServiceLimits,
  StoredSlotStatus,
} from "./limit-types";
import { testNhsNumber } from "../nhs/nhs-number";
import { patientKey, type PatientKey } from "./patient-key";

export function at(iso: string): Date {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new Error(`give an offset: ${iso}`);
  return new Date(iso);
}

export const NO_LIMITS: ServiceLimits = { minNoticeMinutes: 0, maxAheadHours: null, capPerHour: null, capPerDay: null };

export function slot(startIso: string, opts: { id?: string; minutes?: number; status?: StoredSlotStatus } = {}): CandidateSlot {
  const start = at(startIso);
  return {
    id: opts.id ?? `slot-${startIso}`,
    start,
    end: new Date(start.getTime() + (opts.minutes ?? 30) * 60_000),
    status: opts.status ?? "free",
  };
}

/** `count` consecutive slots of `minutes` from `startIso`. */
export function slotsFrom(startIso: string, count: number, minutes = 30): CandidateSlot[] {
  const first = at(startIso).getTime();
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(first + i * minutes * 60_000);
    return { id: `slot-${start.toISOString()}`, start, end: new Date(start.getTime() + minutes * 60_000), status: "free" as const };
  });
}

export const PATIENT_P = patientKey({ nhsNumber: "999 000 4005", family: "Jones", birthDate: "1980-02-01" }) as PatientKey;
export const PATIENT_Q = patientKey({ nhsNumber: testNhsNumber(2), family: "Smith", birthDate: "1990-05-06" }) as PatientKey;

export function booking(
  startIso: string,
  opts: { org?: string | null; patient?: PatientKey | null; status?: BookingStatus; slotId?: string } = {},
): ExistingBooking {
  return {
    start: at(startIso),
    status: opts.status ?? "booked",
    orgOds: opts.org === undefined ? "RYA" : opts.org,
    patient: opts.patient ?? null,
    slotId: opts.slotId,
  };
}

export function suspension(startIso: string, endIso: string, liftedIso?: string): ActiveSuspension {
  return { startsAt: at(startIso), endsAt: at(endIso), liftedAt: liftedIso ? at(liftedIso) : null, reason: "Surge" };
}

export function context(
  nowIso: string,
  parts: {
    limits?: Partial<ServiceLimits>;
    suspensions?: ActiveSuspension[];
    quotas?: QuotaRule[];
    bookings?: ExistingBooking[];
  } = {},
): CapacityContext {
  return {
    now: at(nowIso),
    limits: { ...NO_LIMITS, ...parts.limits },
    suspensions: parts.suspensions ?? [],
    quotas: parts.quotas ?? [],
    bookings: parts.bookings ?? [],
  };
}

export const ids = (slots: readonly CandidateSlot[]): string[] => slots.map((s) => s.start.toISOString());
