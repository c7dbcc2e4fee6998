"use client";

import { addNoteAction, cancelByEdAction, markArrivedAction, markDidNotAttendAction, reviewDidNotAttendAction } from "@/app/(staff)/arrivals/[id]/actions";
import { ActionForm, FieldError } from "@/components/ui/ActionForm";
import type { BoardStatus } from "@/lib/arrivals/load-board";

const input = "block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5";

interface Props {
  bookingId: string;
  workflowVersion: number;
  fhirVersion: number;
  status: BoardStatus;
  dnaAllowed: boolean;
  dnaAllowedFromText: string;
  dnaReviewNeeded: boolean;
  isClinician: boolean;
  /** Under 18: a child who does not come "was not brought" (a safeguarding signal), never "did not attend". */
  child?: boolean;
  /** Set when the clinician is asked whether to tell the referring 111 service over BaRS (its name). */
  feedbackTo?: string | null;
}

/** What the ED can do with a booking. None of it changes what 111 sees, except cancelling. */
export function BookingActions(p: Props) {
  const dna = p.child ? { heading: "Was not brought", submit: "Mark as was not brought", review: "A clinician will review every child who was not brought, as a possible safeguarding concern.", reviewHeading: "Review this child who was not brought" } : { heading: "Did not attend", submit: "Mark as did not attend", review: "A clinician will review every did-not-attend.", reviewHeading: "Review this did-not-attend" };
  const hidden = (
    <>
      <input type="hidden" name="bookingId" value={p.bookingId} />
      <input type="hidden" name="workflowVersion" value={p.workflowVersion} />
    </>
  );
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {(p.status === "booked" || p.status === "did-not-attend") && (
        <section aria-labelledby="arrive-h" className="bg-white p-4">
          <h3 id="arrive-h">Mark as arrived</h3>
          <ActionForm action={markArrivedAction} submit="Mark as arrived">
            {(s) => (
              <>
                {hidden}
                <label htmlFor="arrivedTime" className="block font-bold">
                  Arrival time today (leave empty for now)
                </label>
                <input id="arrivedTime" name="arrivedTime" type="time" className={input} aria-describedby={s.fields?.arrivedTime ? "arrivedTime-error" : undefined} />
                <FieldError state={s} field="arrivedTime" />
              </>
            )}
          </ActionForm>
        </section>
      )}
      {p.status === "booked" && (
        <section aria-labelledby="dna-h" className="bg-white p-4">
          <h3 id="dna-h">{dna.heading}</h3>
          {p.dnaAllowed ? (
            <ActionForm action={markDidNotAttendAction} submit={dna.submit} variant="secondary">
              {() => (
                <>
                  {hidden}
                  <p>{dna.review}</p>
                </>
              )}
            </ActionForm>
          ) : (
            <p>Can be recorded from {p.dnaAllowedFromText}: patients are often a little late.</p>
          )}
        </section>
      )}
      {p.dnaReviewNeeded && p.isClinician && (
        <section aria-labelledby="dna-review-h" className="bg-white p-4">
          <h3 id="dna-review-h">{dna.reviewHeading}</h3>
          <ActionForm action={reviewDidNotAttendAction} submit="Record review">
            {(s) => (
              <>
                {hidden}
                <label htmlFor="dna-note" className="block font-bold">
                  What was decided
                </label>
                <textarea id="dna-note" name="note" rows={3} className={input} aria-describedby={s.fields?.note ? "note-error" : undefined} />
                <FieldError state={s} field="note" />
                {p.feedbackTo && (
                  <fieldset className="mt-3" aria-describedby={s.fields?.sendFeedback ? "sendFeedback-error" : undefined}>
                    <legend className="font-bold">Tell {p.feedbackTo} that the patient did not attend?</legend>
                    <p className="text-sm">111 referred this patient with a safeguarding concern. A yes sends a did-not-attend message to 111 over BaRS. Phone or e-mail 111 and the safeguarding lead either way.</p>
                    <div className="flex items-center gap-2">
                      <input id="sendFeedback-yes" type="radio" name="sendFeedback" value="yes" className="h-5 w-5" />
                      <label htmlFor="sendFeedback-yes">Yes, send it</label>
                    </div>
                    <div className="flex items-center gap-2">
                      <input id="sendFeedback-no" type="radio" name="sendFeedback" value="no" className="h-5 w-5" />
                      <label htmlFor="sendFeedback-no">No, do not send it</label>
                    </div>
                    <FieldError state={s} field="sendFeedback" />
                  </fieldset>
                )}
              </>
            )}
          </ActionForm>
        </section>
      )}
      <section aria-labelledby="note-h" className="bg-white p-4">
        <h3 id="note-h">Add a note</h3>
        <ActionForm action={addNoteAction} submit="Add note" variant="secondary">
          {(s) => (
            <>
              <input type="hidden" name="bookingId" value={p.bookingId} />
              <label htmlFor="note-text" className="block font-bold">
                Note
              </label>
              <textarea id="note-text" name="text" rows={3} className={input} aria-describedby={s.fields?.text ? "text-error" : undefined} />
              <FieldError state={s} field="text" />
            </>
          )}
        </ActionForm>
      </section>
      {p.status === "arrived" && (
        <section aria-labelledby="cancel-h" className="bg-white p-4">
          <h3 id="cancel-h">Cancelling</h3>
          <p>This patient has arrived, so their booking cannot be cancelled from the ED. If they leave, record it in the ED&apos;s own patient record.</p>
        </section>
      )}
      {p.status === "booked" && (
        <section aria-labelledby="cancel-h" className="bg-white p-4">
          <h3 id="cancel-h">Cancel this booking</h3>
          <details>
            <summary className="cursor-pointer font-bold text-nhs-blue underline">Cancel this booking (not usually the right thing to do)</summary>
            <div className="mt-3 space-y-2">
              <p>
                Cancelling is a last resort. To stop more patients coming, suspend new bookings on the Capacity page instead. If you cancel, the slot is freed, 111 sees the
                booking as cancelled, and a task to phone the patient is added to the contact tasks list.
              </p>
              <ActionForm action={cancelByEdAction} submit="Cancel booking" variant="warning">
                {(s) => (
                  <>
                    <input type="hidden" name="bookingId" value={p.bookingId} />
                    <input type="hidden" name="fhirVersion" value={p.fhirVersion} />
                    <label htmlFor="cancel-reason" className="block font-bold">
                      Reason for cancelling
                    </label>
                    <textarea id="cancel-reason" name="reason" rows={2} className={input} aria-describedby={s.fields?.reason ? "reason-error" : undefined} />
                    <FieldError state={s} field="reason" />
                    <div className="flex items-start gap-2">
                      <input id="understood" name="understood" type="checkbox" className="mt-1 h-5 w-5" />
                      <label htmlFor="understood">I understand someone must phone the patient to tell them and give advice</label>
                    </div>
                    <FieldError state={s} field="understood" />
                  </>
                )}
              </ActionForm>
            </div>
          </details>
        </section>
      )}
    </div>
  );
}
