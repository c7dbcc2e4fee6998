"use client";

import { addNoteAction, cancelByEdAction, markArrivedAction, markDidNotAttendAction, reviewDidNotAttendAction, undoArrivalAction } from "@/app/(staff)/arrivals/[id]/actions";
import { ActionForm, FieldError } from "@/components/ui/ActionForm";
import type { BoardStatus } from "@/lib/arrivals/load-board";

const input = "block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5";
const invalid = "block w-full max-w-md border-2 border-nhs-red bg-white px-2 py-1.5";

/** The ids of a field's hint and error, for aria-describedby. */
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

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
          <ActionForm action={markArrivedAction} submit="Mark as arrived" ids={{ arrivedAt: "arrivedTime" }}>
            {(s) => {
              // The use case names the instant (arrivedAt); the form names the time typed (arrivedTime).
              const error = s.fields?.arrivedTime ?? s.fields?.arrivedAt;
              return (
                <>
                  {hidden}
                  <label htmlFor="arrivedTime" className="block font-bold">
                    Arrival time today (leave empty for now)
                  </label>
                  <div id="arrivedTime-hint" className="text-nhs-grey-1">
                    24-hour clock, for example 09:05 or 14:30
                  </div>
                  {error && (
                    <p id="arrivedTime-error" className="font-bold text-nhs-red">
                      <span className="sr-only">Error:</span> {error}
                    </p>
                  )}
                  {/* A text field the app checks (24-hour, HH:MM), not the browser's time picker, which may show a 12-hour clock. */}
                  <input
                    id="arrivedTime"
                    name="arrivedTime"
                    type="text"
                    inputMode="numeric"
                    autoComplete="off"
                    spellCheck={false}
                    defaultValue={s.values?.arrivedTime ?? ""}
                    className={`${error ? invalid : input} max-w-[7rem]`}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy("arrivedTime-hint", error && "arrivedTime-error")}
                  />
                </>
              );
            }}
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
          <ActionForm action={reviewDidNotAttendAction} submit="Record review" ids={{ note: "dna-note" }}>
            {(s) => (
              <>
                {hidden}
                <label htmlFor="dna-note" className="block font-bold">
                  What was decided
                </label>
                <FieldError state={s} field="note" id="dna-note" />
                <textarea id="dna-note" name="note" rows={3} defaultValue={s.values?.note ?? ""} className={s.fields?.note ? invalid : input} aria-invalid={s.fields?.note ? true : undefined} aria-describedby={s.fields?.note ? "dna-note-error" : undefined} />
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
                    <FieldError state={s} field="sendFeedback" id="sendFeedback" />
                  </fieldset>
                )}
              </>
            )}
          </ActionForm>
        </section>
      )}
      <section aria-labelledby="note-h" className="bg-white p-4">
        <h3 id="note-h">Add a note</h3>
        <ActionForm action={addNoteAction} submit="Add note" variant="secondary" ids={{ text: "note-text" }}>
          {(s) => (
            <>
              <input type="hidden" name="bookingId" value={p.bookingId} />
              <label htmlFor="note-text" className="block font-bold">
                Note
              </label>
              <FieldError state={s} field="text" id="note-text" />
              <textarea id="note-text" name="text" rows={3} defaultValue={s.values?.text ?? ""} className={s.fields?.text ? invalid : input} aria-invalid={s.fields?.text ? true : undefined} aria-describedby={s.fields?.text ? "note-text-error" : undefined} />
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
      {p.status === "arrived" && (
        <section aria-labelledby="undo-arrival-h" className="bg-white p-4">
          <h3 id="undo-arrival-h">Undo arrival</h3>
          <details>
            <summary className="cursor-pointer font-bold text-nhs-blue underline">Undo arrival (marked arrived by mistake)</summary>
            <div className="mt-3 space-y-2">
              <p>The patient goes back to expected on the board. What you undo and why is recorded in the audit log.</p>
              <ActionForm action={undoArrivalAction} submit="Undo arrival" variant="secondary" ids={{ reason: "undo-reason" }}>
                {(s) => (
                  <>
                    {hidden}
                    <label htmlFor="undo-reason" className="block font-bold">
                      Why are you undoing this arrival?
                    </label>
                    <FieldError state={s} field="reason" id="undo-reason" />
                    <textarea id="undo-reason" name="reason" rows={2} defaultValue={s.values?.reason ?? ""} className={s.fields?.reason ? invalid : input} aria-invalid={s.fields?.reason ? true : undefined} aria-describedby={s.fields?.reason ? "undo-reason-error" : undefined} />
                  </>
                )}
              </ActionForm>
            </div>
          </details>
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
              <ActionForm action={cancelByEdAction} submit="Cancel booking" variant="warning" ids={{ reason: "cancel-reason" }}>
                {(s) => (
                  <>
                    <input type="hidden" name="bookingId" value={p.bookingId} />
                    <input type="hidden" name="fhirVersion" value={p.fhirVersion} />
                    <label htmlFor="cancel-reason" className="block font-bold">
                      Reason for cancelling
                    </label>
                    <FieldError state={s} field="reason" id="cancel-reason" />
                    <textarea id="cancel-reason" name="reason" rows={2} defaultValue={s.values?.reason ?? ""} className={s.fields?.reason ? invalid : input} aria-invalid={s.fields?.reason ? true : undefined} aria-describedby={s.fields?.reason ? "cancel-reason-error" : undefined} />
                    <div className={s.fields?.understood ? "border-l-4 border-nhs-red pl-3" : undefined}>
                      <FieldError state={s} field="understood" />
                      <div className="flex items-start gap-2">
                        <input id="understood" name="understood" type="checkbox" defaultChecked={s.values?.understood === "on"} className="mt-1 h-5 w-5" aria-invalid={s.fields?.understood ? true : undefined} aria-describedby={s.fields?.understood ? "understood-error" : undefined} />
                        <label htmlFor="understood">I understand someone must phone the patient to tell them and give advice</label>
                      </div>
                    </div>
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
