import { stu3BookingBody, type BookingSlot } from "../lib/testing/stu3-booking-body";

/** Booking request bodies shaped like the assurance tool's, with synthetic patients (999-range NHS numbers). */
export type SlotEntry = BookingSlot;

export interface BodyOptions {
  nhsNumber?: string | null;
  family?: string;
  patientRank?: number;
  contactRank?: number | null;
  documentId?: string;
}

export function bookingBody(slot: SlotEntry, o: BodyOptions = {}): Record<string, any> {
  return stu3BookingBody({
    slot,
    patient: {
      nhsNumber: o.nhsNumber === undefined ? "9993766984" : o.nhsNumber,
      given: "Ellis",
      family: o.family ?? "Pemberton",
      prefix: "Mx",
      phone: { value: "07700 900123", use: "home", rank: o.patientRank ?? 1 },
      gender: "female",
      birthDate: "1974-12-25",
      address: { text: "12 Orchard Way, Wessexford WX2 7QT", line: ["12 Orchard Way", "Wessexford"], city: "Wessexford", postalCode: "WX2 7QT" },
      nextOfKin: o.contactRank === null ? undefined : { given: "Robin", family: "Pemberton", prefix: "Mr", phone: { value: "07700 900456", use: "home", rank: o.contactRank ?? 2 } },
    },
    documentId: o.documentId ?? "6b9c59dd-675b-4026-98db-f608ef501e6e",
    description: "Reason for calling",
    containedIds: { document: "123", patient: "P1" },
    // As the assurance tool sends it: the participant names the same NHS number whatever the Patient says.
    participantNhsNumber: "9993766984",
  });
}
