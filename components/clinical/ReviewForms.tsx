"use client";

import { linkDocumentAction, referralWithoutBookingAction, resolveWalkInAction } from "@/app/(staff)/documents/[id]/actions";
import { ActionForm, FieldError } from "@/components/ui/ActionForm";

export function LinkToBookingForm({ recordId, bookingId, version, label, replacement = false }: { recordId: string; bookingId: string; version: number; label: string; replacement?: boolean }) {
  const id = `confirm-${bookingId}`;
  return (
    <ActionForm action={linkDocumentAction} submit={replacement ? "Confirm the new version" : "Link to this booking"}>
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
    <ActionForm action={referralWithoutBookingAction} submit="Mark as referral without booking" variant="secondary">
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
      <ActionForm action={resolveWalkInAction} submit="Close: no longer expected" variant="secondary">
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
