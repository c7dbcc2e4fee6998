import { db } from "../db/client";
import { bookAppointment } from "../booking/book-appointment";
import { appointmentFromBooking } from "../doors/uec-stu3/appointment-from-booking";
import type { ConsumerActor } from "../auth/actor";
import { now as clockNow } from "../time/clock";

/**
 * Test and benchmark support: books an invented patient into a free slot through the one booking use
 * case, as the FHIR door would (a 111 consumer, a contained DocumentReference naming the report).
 */
export const TEST_CONSUMER: ConsumerActor = { type: "consumer", asid: "200000000111", odsCode: "NZZ01", orgName: "Wessex Vale NHS 111 (demo)" };

export interface TestPatient {
  nhsNumber?: string | null;
  nhsNumberStatus?: string;
  given?: string;
  family?: string;
  birthDate?: string;
  gender?: string;
  phone?: string;
  contact?: unknown[];
  communication?: unknown[];
}

export async function bookTestPatient(o: { slotId?: string; documentRefId?: string | null; patient?: TestPatient; description?: string; now?: Date }) {
  const slotId =
    o.slotId ??
    (await db().slot.findFirstOrThrow({ where: { status: "free", start: { gte: o.now ?? clockNow() } }, orderBy: [{ start: "asc" }, { id: "asc" }] })).id;
  const p = {
    nhsNumber: "9999492304",
    nhsNumberStatus: "01",
    given: "Daniel",
    family: "Fenwick",
    birthDate: "1957-11-30",
    gender: "male",
    phone: "07700 900417",
    ...o.patient,
  };
  const description = o.description ?? "Wrist injury after a fall";
  return bookAppointment(
    {
      slotId,
      source: "fhir",
      description,
      documentRefId: o.documentRefId ?? null,
      bookingOrgOds: "NZZ01",
      bookingOrgName: "Wessex Vale NHS 111 (demo)",
      consumerAsid: TEST_CONSUMER.asid,
      patient: {
        nhsNumber: p.nhsNumber,
        nhsNumberStatus: p.nhsNumber ? p.nhsNumberStatus : null,
        family: p.family,
        given: p.given,
        birthDate: p.birthDate,
        gender: p.gender,
        postcode: "WX2 7QT",
        telecom: [{ system: "phone", value: p.phone, use: "mobile", rank: 1 }],
        contact: p.contact ?? [],
        communication: p.communication ?? [],
        address: [{ use: "home", line: ["1 Orchard Way"], postalCode: "WX2 7QT" }],
        gpPracticeOds: "Z99901",
        gpPracticeName: "Orchard Way Surgery (demo)",
      },
      resource: ({ slot, now }) =>
        appointmentFromBooking({
          slot,
          now,
          description,
          documentId: o.documentRefId ?? null,
          patient: {
            nhsNumber: p.nhsNumber,
            nhsNumberStatus: p.nhsNumberStatus,
            family: p.family,
            given: p.given,
            birthDate: p.birthDate,
            gender: p.gender,
            phone: p.phone,
            addressLines: ["1 Orchard Way"],
            postcode: "WX2 7QT",
          },
        }),
    },
    TEST_CONSUMER,
    o.now,
  );
}
