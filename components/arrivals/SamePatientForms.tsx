"use client";

import { ActionForm, FieldError } from "@/components/ui/ActionForm";
import { decideSamePatientAction, undoSamePatientAction } from "@/app/(staff)/arrivals/[id]/same-patient-actions";

/** A person's answer to a possible match: both answers need the comparison confirmed; a note is optional. */
export function DecideSamePatientForm({ bookingId, otherBookingId }: { bookingId: string; otherBookingId: string }) {
  const id = (s: string) => `${s}-${otherBookingId}`;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {(["same-patient", "different-patients"] as const).map((decision) => (
        <ActionForm key={decision} action={decideSamePatientAction} submit={decision === "same-patient" ? "Confirm: the same patient" : "Not the same patient"} variant={decision === "same-patient" ? "primary" : "secondary"}>
          {(state) => (
            <>
              <input type="hidden" name="bookingId" value={bookingId} />
              <input type="hidden" name="otherBookingId" value={otherBookingId} />
              <input type="hidden" name="decision" value={decision} />
              <FieldError state={state} field="compared" />
              <label className="flex items-start gap-2">
                <input type="checkbox" name="compared" id={id(`compared-${decision}`)} className="mt-1 h-5 w-5" />
                <span>I have compared the two bookings&apos; details{decision === "same-patient" ? " and they are one person" : " and they are different people"}</span>
              </label>
              <label className="block font-bold" htmlFor={id(`note-${decision}`)}>
                How you know (optional)
              </label>
              <input id={id(`note-${decision}`)} name="note" maxLength={500} className="w-full border-2 border-nhs-black p-2" />
            </>
          )}
        </ActionForm>
      ))}
    </div>
  );
}

export function UndoSamePatientForm({ bookingId, decisionId }: { bookingId: string; decisionId: string }) {
  return (
    <ActionForm action={undoSamePatientAction} submit="Undo this answer" variant="secondary">
      {(state) => (
        <>
          <input type="hidden" name="bookingId" value={bookingId} />
          <input type="hidden" name="decisionId" value={decisionId} />
          <label className="block font-bold" htmlFor={`undo-reason-${decisionId}`}>
            Why it is being undone
          </label>
          <FieldError state={state} field="reason" />
          <input id={`undo-reason-${decisionId}`} name="reason" maxLength={500} className="w-full max-w-xl border-2 border-nhs-black p-2" />
        </>
      )}
    </ActionForm>
  );
}
