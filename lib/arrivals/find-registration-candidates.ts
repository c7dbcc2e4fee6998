import type { Db, Tx } from "../db/client";
import { normaliseFamilyName } from "../clinical/match-document";
import type { RegistrationCandidate } from "../clinical/match-registration";
import { addDays, londonToday, startOfLondonDay } from "../time/london";
import type { EdRecordPatient } from "./ed-record-event";

/**
 * The bookings on the ED's day (the London day of the registration) whose patient could be this one: the same
 * valid NHS number, or the same birth date and family name (compared as the matcher compares them). Cancelled
 * bookings are left out: only an active booking can be marked arrived.
 */
export async function findRegistrationCandidates(client: Db | Tx, patient: EdRecordPatient, at: Date): Promise<RegistrationCandidate[]> {
  const day = londonToday(at);
  const from = startOfLondonDay(day);
  const to = startOfLondonDay(addDays(day, 1));
  const nhs = patient.nhsNumber && !patient.nhsNumber.problem ? patient.nhsNumber.value : null;
  const family = patient.family ? normaliseFamilyName(patient.family) : "";
  const or = [...(nhs ? [{ patient: { nhsNumber: nhs } }] : []), ...(patient.birthDate && family ? [{ patient: { birthDate: patient.birthDate } }] : [])];
  if (!or.length) return [];
  const rows = await client.appointment.findMany({
    where: { status: "booked", start: { gte: from, lt: to }, OR: or },
    select: { id: true, status: true, patient: { select: { nhsNumber: true, birthDate: true, family: true, given: true, gender: true, postcode: true } } },
    orderBy: { start: "asc" },
    take: 50,
  });
  return rows
    .filter((a) => (nhs !== null && a.patient.nhsNumber === nhs) || (a.patient.birthDate === patient.birthDate && normaliseFamilyName(a.patient.family) === family))
    .map((a) => ({
      bookingId: a.id,
      status: a.status,
      nhsNumber: a.patient.nhsNumber,
      birthDate: a.patient.birthDate,
      familyName: a.patient.family,
      givenName: a.patient.given,
      gender: a.patient.gender,
      postcode: a.patient.postcode,
    }));
}
