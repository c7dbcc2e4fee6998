"use client";

import { closeDocumentAction, linkDocumentAction, referralWithoutBookingAction, relinkDocumentAction, resolveWalkInAction, unlinkDocumentAction } from "@/app/(staff)/documents/[id]/actions";
import { ActionForm, FieldError } from "@/components/ui/ActionForm";
import type { FormState } from "@/lib/staff/form-state";

export function LinkToBookingForm({ recordId, bookingId, version, label, replacement = false }: { recordId: string; bookingId: string; version: number; label: string; replacement?: boolean }) {
  const id = `confirm-${bookingId}`;
  return (
    <ActionForm action={linkDocumentAction} submit={replacement ? "Confirm the new version" : "Link to this booking"} ids={{ confirmed: id, note: `note-${bookingId}` }}>
      {(s) => (
        <>
          <input type="hidden" name="recordId" value={recordId} />
          <input type="hidden" name="bookingId" value={bookingId} />
          <input type="hidden" name="expectedVersion" value={version} />
          <div className="flex items-start gap-2">
            <input id={id} name="confirmed" type="checkbox" className="mt-1 h-5 w-5" />
            <label htmlFor={id}>
              I have checked that the patient in the report is {label}
              {replacement ? ", and that this new version should replace the one attached to the booking" : ""}
            </label>
          </div>
          <FieldError state={s} field="confirmed" />
          <label htmlFor={`note-${bookingId}`} className="block font-bold">
            Note (optional)
          </label>
          <input id={`note-${bookingId}`} name="note" className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5" />
        </>
      )}
    </ActionForm>
  );
}

export function ReferralWithoutBookingForm({ recordId, version }: { recordId: string; version: number }) {
  return (
    <ActionForm action={referralWithoutBookingAction} submit="Mark as referral without booking" variant="secondary" ids={{ note: "referral-note" }}>
      {() => (
        <>
          <input type="hidden" name="recordId" value={recordId} />
          <input type="hidden" name="expectedVersion" value={version} />
          <label htmlFor="referral-note" className="block font-bold">
            Note (optional)
          </label>
          <input id="referral-note" name="note" className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5" />
        </>
      )}
    </ActionForm>
  );
}

/** An expected walk-in: the patient arrived, or it is closed with a reason. */
export function ResolveWalkInForms({ recordId, version }: { recordId: string; version: number }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <ActionForm action={resolveWalkInAction} submit="Record that the patient has arrived">
        {() => (
          <>
            <input type="hidden" name="recordId" value={recordId} />
            <input type="hidden" name="expectedVersion" value={version} />
            <input type="hidden" name="outcome" value="arrived" />
          </>
        )}
      </ActionForm>
      <ActionForm action={resolveWalkInAction} submit="Close: no longer expected" variant="secondary" ids={{ note: "walk-in-note" }}>
        {(s) => (
          <>
            <input type="hidden" name="recordId" value={recordId} />
            <input type="hidden" name="expectedVersion" value={version} />
            <input type="hidden" name="outcome" value="closed" />
            <label htmlFor="walk-in-note" className="block font-bold">
              Why is the patient no longer expected?
            </label>
            <input id="walk-in-note" name="note" aria-describedby={s.fields?.note ? "note-error" : undefined} className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5" />
            <FieldError state={s} field="note" />
          </>
        )}
      </ActionForm>
    </div>
  );
}

function ReasonField({ id, state, hint }: { id: string; state: FormState; hint: string }) {
  const error = state.fields?.reason;
  return (
    <div>
      <label htmlFor={id} className="block font-bold">
        Reason (required)
      </label>
      <p id={`${id}-hint`} className="text-sm">
        {hint}
      </p>
      <FieldError state={state} field="reason" />
      <textarea
        key={state.at ?? 0}
        id={id}
        name="reason"
        maxLength={500}
        rows={2}
        defaultValue={state.values?.reason ?? ""}
        aria-describedby={`${id}-hint${error ? " reason-error" : ""}`}
        aria-invalid={error ? true : undefined}
        className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5"
      />
    </div>
  );
}

/** Moves a report that is attached to the wrong booking onto this one. */
export function RelinkForm({ recordId, bookingId, version, label }: { recordId: string; bookingId: string; version: number; label: string }) {
  const id = `relink-confirm-${bookingId}`;
  return (
    <ActionForm action={relinkDocumentAction} submit="Move the report to this booking" variant="warning" ids={{ confirmed: id, reason: `relink-reason-${bookingId}` }}>
      {(s) => (
        <>
          <input type="hidden" name="recordId" value={recordId} />
          <input type="hidden" name="bookingId" value={bookingId} />
          <input type="hidden" name="expectedVersion" value={version} />
          <div className="flex items-start gap-2">
            <input id={id} name="confirmed" type="checkbox" className="mt-1 h-5 w-5" />
            <label htmlFor={id}>I have checked that the patient in the report is {label}</label>
          </div>
          <FieldError state={s} field="confirmed" />
          <ReasonField id={`relink-reason-${bookingId}`} state={s} hint="For example: report is for the patient's twin sister" />
        </>
      )}
    </ActionForm>
  );
}

/** Takes a report off the booking it is attached to; it goes back to be checked, never out of view. */
export function UnlinkForm({ recordId, version }: { recordId: string; version: number }) {
  return (
    <ActionForm action={unlinkDocumentAction} submit="Remove the report from this booking" variant="warning" ids={{ reason: "unlink-reason" }}>
      {(s) => (
        <>
          <input type="hidden" name="recordId" value={recordId} />
          <input type="hidden" name="expectedVersion" value={version} />
          <ReasonField id="unlink-reason" state={s} hint="The report stays on the list of reports to check until someone attaches it to the right booking." />
        </>
      )}
    </ActionForm>
  );
}

/** A clinician closes a report that needs checking with no further action, with a required reason. */
export function CloseNoFurtherActionForm({ recordId, version }: { recordId: string; version: number }) {
  return (
    <ActionForm action={closeDocumentAction} submit="Close: no further action" variant="secondary" ids={{ reason: "close-reason" }}>
      {(s) => (
        <>
          <input type="hidden" name="recordId" value={recordId} />
          <input type="hidden" name="expectedVersion" value={version} />
          <label htmlFor="close-reason" className="block font-bold">
            Why is no further action needed?
          </label>
          <FieldError state={s} field="reason" id="close-reason" />
          <input id="close-reason" name="reason" defaultValue={s.values?.reason ?? ""} aria-invalid={s.fields?.reason ? true : undefined} aria-describedby={s.fields?.reason ? "close-reason-error" : undefined} className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5" />
        </>
      )}
    </ActionForm>
  );
}
