"use server";

import { z } from "zod";
import { resolveRegistrationReview } from "@/lib/arrivals/list-registration-reviews";
import { retryUndeliverable } from "@/lib/outbox/hl7-outbox";
import { staffAction } from "@/lib/staff/staff-action";

const clerksAndClinicians = { roles: ["clerk", "clinician"], refresh: () => ["/arrivals/ed-record"] } as const;

export const resolveRegistrationAction = staffAction(
  { ...clerksAndClinicians, schema: z.object({ reviewId: z.string().min(1), note: z.string().max(500).optional() }), invalidMessage: "Say what you did" },
  async (input, staff) => {
    await resolveRegistrationReview(input.reviewId, staff, input.note?.trim() || null);
    return { ok: "Marked as dealt with." };
  },
);

export const retryExpectedPatientAction = staffAction({ ...clerksAndClinicians, schema: z.object({ messageId: z.string().min(1) }) }, async (input, staff) => {
  await retryUndeliverable(input.messageId, staff);
  return { ok: "It will be sent again." };
});
