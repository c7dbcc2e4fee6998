"use server";

import { addBookingNote, addBookingNoteInput } from "@/lib/arrivals/add-booking-note";
import { cancelBookingByEd, cancelByEdInput } from "@/lib/arrivals/cancel-booking-by-ed";
import { markArrived, markArrivedInput, undoMarkArrived, undoMarkArrivedInput } from "@/lib/arrivals/mark-arrived";
import { markDidNotAttend, markDidNotAttendInput, reviewDidNotAttend, reviewDidNotAttendInput } from "@/lib/arrivals/mark-did-not-attend";
import { InvalidInput } from "@/lib/errors";
import { formValues, staffAction } from "@/lib/staff/staff-action";
import { londonToday, wallClockToInstants, isWallTime } from "@/lib/time/london";
import { now as clockNow } from "@/lib/time/clock";

const thisBooking = ({ bookingId }: { bookingId: string }) => [`/arrivals/${bookingId}`, "/arrivals"];
const clinicalStaff = { roles: ["clinician", "clerk"], refresh: thisBooking } as const;

export const markArrivedAction = staffAction(
  {
    ...clinicalStaff,
    schema: markArrivedInput,
    invalidMessage: "Check the details",
    // A refused time stays in the field: pressing again must never become "arrived now" without asking.
    keepValues: ["arrivedTime"],
    input: (form) => {
      const time = String(form.get("arrivedTime") ?? "").trim();
      let arrivedAt: Date | undefined;
      if (time) {
        if (!isWallTime(time)) throw new InvalidInput("Enter the arrival time as hours and minutes, for example 14:05", { arrivedTime: "Enter a time like 14:05" });
        arrivedAt = wallClockToInstants(londonToday(clockNow()), time)[0];
        if (!arrivedAt) throw new InvalidInput("That time does not exist today (the clocks changed)", { arrivedTime: "Enter a time that exists today" });
      }
      return { bookingId: form.get("bookingId"), expectedWorkflowVersion: form.get("workflowVersion"), arrivedAt };
    },
  },
  async (input, staff) => {
    await markArrived(input, staff);
    return { ok: "Marked as arrived." };
  },
);

export const undoArrivalAction = staffAction(
  {
    ...clinicalStaff,
    schema: undoMarkArrivedInput,
    invalidMessage: "Check the details",
    keepValues: ["reason"],
    input: (form) => ({ bookingId: form.get("bookingId"), expectedWorkflowVersion: form.get("workflowVersion"), reason: form.get("reason") ?? "" }),
  },
  async (input, staff) => {
    const change = await undoMarkArrived(input, staff);
    return {
      ok:
        change === "kept-by-other-source"
          ? "Your arrival mark is undone, but the ED's own patient record still registers the patient as arrived. Cancel the registration there if they have not arrived."
          : "Arrival undone. The patient is expected again.",
    };
  },
);

export const addNoteAction = staffAction(
  { ...clinicalStaff, schema: addBookingNoteInput, invalidMessage: "Check the note", keepValues: ["text"], input: (form) => ({ bookingId: form.get("bookingId"), text: form.get("text") }) },
  async (input, staff) => {
    await addBookingNote(input, staff);
    return { ok: "Note added." };
  },
);

export const markDidNotAttendAction = staffAction(
  {
    ...clinicalStaff,
    schema: markDidNotAttendInput,
    invalidMessage: "Check the details",
    input: (form) => ({ bookingId: form.get("bookingId"), expectedWorkflowVersion: form.get("workflowVersion") }),
  },
  async (input, staff) => {
    await markDidNotAttend(input, staff);
    return { ok: "Marked as did not attend. A clinician will review it." };
  },
);

export const reviewDidNotAttendAction = staffAction(
  {
    roles: ["clinician"],
    refresh: (input) => [...thisBooking(input), "/arrivals/did-not-attend"],
    schema: reviewDidNotAttendInput,
    invalidMessage: "Check the review",
    keepValues: ["note"],
    input: (form) => ({ bookingId: form.get("bookingId"), expectedWorkflowVersion: form.get("workflowVersion"), note: form.get("note"), sendFeedback: form.get("sendFeedback") ?? undefined }),
  },
  async (input, staff) => {
    await reviewDidNotAttend(input, staff);
    return { ok: input.sendFeedback === "yes" ? "Review recorded. The did-not-attend feedback will be sent to 111." : "Review recorded." };
  },
);

export const cancelByEdAction = staffAction(
  {
    roles: ["clinician", "clerk"],
    refresh: (input) => [...thisBooking(input), "/tasks"],
    schema: cancelByEdInput,
    invalidMessage: "Check the cancellation",
    // The reason and the tick box are kept after a refusal (WCAG 3.3.7).
    keepValues: (form) => ({ reason: formValues(form).reason ?? "", understood: form.get("understood") === "on" ? "on" : "" }),
    input: (form) => ({ bookingId: form.get("bookingId"), expectedVersion: form.get("fhirVersion"), reason: form.get("reason"), understood: form.get("understood") === "on" }),
  },
  async (input, staff) => {
    await cancelBookingByEd(input, staff);
    return { ok: "Booking cancelled and the slot freed. A task to phone the patient has been added to the contact tasks list." };
  },
);
