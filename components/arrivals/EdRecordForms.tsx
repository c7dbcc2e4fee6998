"use client";

import { ActionForm } from "@/components/ui/ActionForm";
import { resolveRegistrationAction, retryExpectedPatientAction } from "@/app/(staff)/arrivals/ed-record/actions";

export function ResolveRegistrationForm({ reviewId }: { reviewId: string }) {
  return (
    <ActionForm action={resolveRegistrationAction} submit="Mark as dealt with" variant="secondary" ids={{ note: `note-${reviewId}` }}>
      {() => (
        <>
          <input type="hidden" name="reviewId" value={reviewId} />
          <label className="block font-bold" htmlFor={`note-${reviewId}`}>
            What you did (optional)
          </label>
          <input id={`note-${reviewId}`} name="note" maxLength={500} className="w-full max-w-xl border-2 border-nhs-black p-2" />
        </>
      )}
    </ActionForm>
  );
}

export function RetryExpectedPatientForm({ messageId }: { messageId: string }) {
  return (
    <ActionForm action={retryExpectedPatientAction} submit="Send again" variant="secondary">
      {() => <input type="hidden" name="messageId" value={messageId} />}
    </ActionForm>
  );
}
