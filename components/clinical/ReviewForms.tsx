"use client";

import { linkDocumentAction, referralWithoutBookingAction } from "@/app/(staff)/documents/[id]/actions";
import { ActionForm, FieldError } from "@/components/ui/ActionForm";

export function LinkToBookingForm({ recordId, bookingId, version, label }: { recordId: string; bookingId: string; version: number; label: string }) {
  const id = `confirm-${bookingId}`;
  return (
    <ActionForm action={linkDocumentAction} submit="Link to this booking">
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
