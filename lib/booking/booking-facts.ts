import { db } from "../db/client";

/** What a door needs to write a booking in its own standard when it was made through another. */
export interface BookingFacts {
  status: string;
  edStatus: string;
  start: Date;
  end: Date;
  slotId: string;
  scheduleId: string;
  createdAt: Date;
  description: string;
  documentRefId: string | null;
  patient: {
    localId: string; nhsNumber: string | null; nhsNumberStatus: string | null; family: string; given: string; prefix: string | null;
    birthDate: string; gender: string; postcode: string | null; addressJson: string; telecomJson: string; contactJson: string;
  };
}

export const FACTS_SELECT = {
  status: true, edStatus: true, start: true, end: true, slotId: true, createdAt: true, description: true, documentRefId: true,
  slot: { select: { scheduleId: true } },
  patient: { select: { localId: true, nhsNumber: true, nhsNumberStatus: true, family: true, given: true, prefix: true, birthDate: true, gender: true, postcode: true, addressJson: true, telecomJson: true, contactJson: true } },
} as const;

type FactsRow = { slot: { scheduleId: string } } & Omit<BookingFacts, "scheduleId">;

export function factsFrom(row: FactsRow): BookingFacts {
  const { slot, ...rest } = row;
  return { ...rest, scheduleId: slot.scheduleId };
}

/** The facts of one booking, or null. Shows no record to anyone (nothing audited): a door uses them to write one. */
export async function bookingFacts(id: string): Promise<BookingFacts | null> {
  const row = await db().appointment.findUnique({ where: { id }, select: FACTS_SELECT });
  return row ? factsFrom(row) : null;
}
