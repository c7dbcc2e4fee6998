"use server";

import { decideSamePatient, decideSamePatientInput, undoSamePatientDecision, undoSamePatientInput } from "@/lib/arrivals/same-patient";
import { staffAction } from "@/lib/staff/staff-action";

/** Both bookings' pages and the board show the answer. */
const bothBookings = (input: { bookingId: string; otherBookingId?: string }) => [`/arrivals/${input.bookingId}`, ...(input.otherBookingId ? [`/arrivals/${input.otherBookingId}`] : []), "/arrivals"];

export const decideSamePatientAction = staffAction(
  {
    roles: ["clerk", "clinician"],
    refresh: bothBookings,
    // The first refusal is the summary: "Confirm that you have compared the two bookings' details".
    schema: decideSamePatientInput,
    input: (form) => ({ bookingId: form.get("bookingId"), otherBookingId: form.get("otherBookingId"), decision: form.get("decision"), compared: form.get("compared") === "on", note: form.get("note") ?? undefined }),
  },
  async (input, staff) => {
    await decideSamePatient(input, staff);
    return { ok: input.decision === "same-patient" ? "Recorded: the same patient. Both bookings now show it." : "Recorded: different patients. The bookings are no longer shown as a possible match." };
  },
);

export const undoSamePatientAction = staffAction(
  {
    roles: ["clerk", "clinician"],
    refresh: bothBookings,
    schema: undoSamePatientInput,
    invalidMessage: "Say why the answer is being undone",
    input: (form) => ({ bookingId: form.get("bookingId"), decisionId: form.get("decisionId"), reason: form.get("reason") }),
  },
  async (input, staff) => {
    await undoSamePatientDecision(input, staff);
    return { ok: "Answer undone: the bookings are a possible match again, for someone to compare." };
  },
);
