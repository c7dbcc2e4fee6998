import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/sqlite/client";
import { rawInstant } from "../db/raw-write";
import { normaliseFamilyName } from "../clinical/match-document";
import type { RegistrationCandidate } from "../clinical/match-registration";
import { addDays, londonToday, startOfLondonDay } from "../time/london";
import type { EdRecordPatient } from "./ed-record-event";

/**
 * Across midnight (docs/clinical-safety/patient-matching.md, "The ED's day"): a registration also considers bookings
 * whose booked time was up to this many hours before it on the previous day (the patient booked for 23:30 whom
 * reception registers at 00:20), and up to EARLY_BEFORE_MIDNIGHT_HOURS after it on the next day (booked for 00:15,
 * registered at 23:50).
 */
export const AFTER_MIDNIGHT_LOOKBACK_HOURS = 6;
export const EARLY_BEFORE_MIDNIGHT_HOURS = 2;

/** The booked times a registration at `at` is matched against: its London day, widened across midnight. */
export function registrationWindow(at: Date): { from: Date; to: Date } {
  const day = londonToday(at);
  const dayStart = startOfLondonDay(day);
  const dayEnd = startOfLondonDay(addDays(day, 1));
  return {
    from: new Date(Math.min(dayStart.getTime(), at.getTime() - AFTER_MIDNIGHT_LOOKBACK_HOURS * 3600_000)),
    to: new Date(Math.max(dayEnd.getTime(), at.getTime() + EARLY_BEFORE_MIDNIGHT_HOURS * 3600_000)),
  };
}

/**
 * The bookings on the ED's day (the London day of the registration, widened across midnight: registrationWindow)
 * whose patient could be this one: the same valid NHS number, or the same birth date and family name (compared as
 * the matcher compares them). Cancelled bookings are left out: only an active booking can be marked arrived. Two
 * bookings of one patient in the window (last night's and this morning's) are two candidates: the matcher sends
 * the registration to review, never guesses.
 */
export async function findRegistrationCandidates(client: Db | Tx, patient: EdRecordPatient, at: Date): Promise<RegistrationCandidate[]> {
  const { from, to } = registrationWindow(at);
  const nhs = patient.nhsNumber && !patient.nhsNumber.problem ? patient.nhsNumber.value : null;
  const family = patient.family ? normaliseFamilyName(patient.family) : "";
  if (!nhs && !(patient.birthDate && family)) return [];
  // Patients first (indexed on NHS number and birth date), then their bookings (indexed on the patient): a handful of
  // rows whatever the size of the day. Plain SELECTs of text columns (lib/db/raw-write.ts: this runs per message).
  const match = [...(nhs ? [Prisma.sql`"nhsNumber" = ${nhs}`] : []), ...(patient.birthDate && family ? [Prisma.sql`"birthDate" = ${patient.birthDate}`] : [])];
  const people = (
    await client.$queryRaw<PatientRow[]>`SELECT "id", "nhsNumber", "birthDate", "family", "given", "gender", "postcode" FROM "Patient" WHERE ${Prisma.join(match, " OR ")}`
  ).filter((p) => (nhs !== null && p.nhsNumber === nhs) || (p.birthDate === patient.birthDate && normaliseFamilyName(p.family) === family));
  if (!people.length) return [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const bookings = await client.$queryRaw<{ id: string; status: string; patientId: string; start: unknown }[]>`
    SELECT "id", "status", "patientId", "start" FROM "Appointment" WHERE "status" = 'booked' AND "patientId" IN (${Prisma.join([...byId.keys()])}) AND "start" >= ${from} AND "start" < ${to}`;
  return bookings
    .map((a) => ({ ...a, start: rawInstant(a.start)! }))
    .filter((a) => a.start >= from && a.start < to)
    .sort((x, y) => x.start.getTime() - y.start.getTime() || (x.id < y.id ? -1 : 1))
    .slice(0, 50)
    .map((a) => {
      const p = byId.get(a.patientId)!;
      return {
        bookingId: a.id,
        status: a.status,
        nhsNumber: p.nhsNumber,
        birthDate: p.birthDate,
        familyName: p.family,
        givenName: p.given,
        gender: p.gender,
        postcode: p.postcode,
      };
    });
}

interface PatientRow { id: string; nhsNumber: string | null; birthDate: string; family: string; given: string; gender: string; postcode: string | null }
