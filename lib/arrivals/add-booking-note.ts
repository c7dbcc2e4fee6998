import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound } from "../errors";
import { requirePatientAccess } from "./arrivals-config";
import { now as clockNow } from "../time/clock";

export const addBookingNoteInput = z.object({
  bookingId: z.string().min(1),
  text: z.string().trim().min(1, "Enter the note").max(2000, "Keep the note to 2,000 characters or fewer"),
});
export type AddBookingNoteInput = z.infer<typeof addBookingNoteInput>;

/** Notes are added, never edited or removed. Audited without their text (it may be clinical). */
export async function addBookingNote(input: AddBookingNoteInput, actor: StaffActor, now = clockNow()): Promise<string> {
  requirePatientAccess(actor);
  return db().$transaction(async (tx) => {
    const a = await tx.appointment.findUnique({ where: { id: input.bookingId }, include: { patient: { select: { nhsNumber: true } } } });
    if (!a) throw new NotFound("No booking with that reference");
    const note = await tx.bookingNote.create({ data: { appointmentId: a.id, text: input.text, authorId: actor.id, createdAt: now } });
    await recordAudit(actor, { action: "booking.note", entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber, detail: { noteId: note.id, length: input.text.length } }, tx);
    return note.id;
  });
}
