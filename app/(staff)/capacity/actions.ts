"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { capsInput, noticeAndHorizonInput, quotaInput, suspendedUntil, suspensionInput } from "@/lib/capacity/limit-inputs";
import { bandPlacesInput, blockSlotInput, releaseSlotInput, withReopenTime } from "@/lib/capacity/capacity-inputs";
import { suspendBookings } from "@/lib/capacity/suspend-bookings";
import { liftSuspension, liftSuspensionInput } from "@/lib/capacity/lift-suspension";
import { setCaps } from "@/lib/capacity/set-caps";
import { setNoticeAndHorizon } from "@/lib/capacity/set-notice-and-horizon";
import { setQuota } from "@/lib/capacity/set-quota";
import { removeQuota, removeQuotaInput } from "@/lib/capacity/remove-quota";
import { blockSlot } from "@/lib/capacity/block-slot";
import { releaseSlot } from "@/lib/capacity/release-slot";
import { setBandPlaces } from "@/lib/capacity/set-band-places";
import { formatLondonTime } from "@/lib/time/london";
import { now as clockNow } from "@/lib/time/clock";
import { InvalidInput } from "@/lib/errors";
import { fieldErrors, parseInput, staffAction } from "@/lib/staff/staff-action";
import { setBarsFeedback, setBarsFeedbackInput } from "@/lib/outbox/bars-feedback-outbox";
import { affectedFor, capacityStaff, plural } from "./action-helpers";

const serviceAndVersion = z.object({ serviceId: z.string().min(1), version: z.coerce.number().int() });

function done(): void {
  revalidatePath("/capacity");
}

export const suspendAction = staffAction({ ...capacityStaff }, async (values, staff) => {
  const now = clockNow();
  const withReopen = withReopenTime(values, now);
  if ("error" in withReopen) throw new InvalidInput(withReopen.error, { reopenTime: withReopen.error });
  if ("question" in withReopen) throw new InvalidInput(withReopen.question, { reopenTomorrow: withReopen.question });
  const parsed = suspensionInput(now).safeParse(withReopen.values);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    // A quick suspension's reopen time is checked as the end of a custom one.
    throw new InvalidInput("Check the details you entered", values.period !== "custom" && fields.endTime ? { reopenTime: fields.endTime.replace("End time", "Reopen time") } : fields);
  }
  const r = await suspendBookings(values.serviceId ?? "", parsed.data, staff, now);
  done();
  const until = suspendedUntil(r.endsAt);
  return { ok: `Bookings are suspended from ${formatLondonTime(r.startsAt > now ? r.startsAt : now)} ${until}. 111 is no longer offered these times.`, ...affectedFor(staff, r.affected) };
});

export const reopenAction = staffAction({ ...capacityStaff, schema: liftSuspensionInput }, async (input, staff) => {
  const { stillSuspended } = await liftSuspension(input, staff);
  done();
  if (stillSuspended) {
    return { ok: `That suspension is lifted, but bookings are still suspended ${suspendedUntil(stillSuspended.endsAt)} by another suspension (${stillSuspended.reason}). 111 is not offered these times yet.` };
  }
  return { ok: "Bookings are open again. 111 is offered these times now." };
});

const RELOAD = "Reload the page and try again";

export const setCapsAction = staffAction({ ...capacityStaff, schema: capsInput }, async (input, staff, { values }) => {
  const ids = parseInput(serviceAndVersion, values, RELOAD);
  await setCaps(ids.serviceId, ids.version, input, staff);
  done();
  return { ok: "Limits saved. They apply to 111 at once." };
});

export const setNoticeAction = staffAction({ ...capacityStaff, schema: noticeAndHorizonInput }, async (input, staff, { values }) => {
  const ids = parseInput(serviceAndVersion, values, RELOAD);
  await setNoticeAndHorizon(ids.serviceId, ids.version, input, staff);
  done();
  return { ok: "Minimum notice and booking horizon saved. They apply to 111 at once." };
});

export const setQuotaAction = staffAction({ ...capacityStaff, schema: quotaInput }, async (input, staff, { values }) => {
  const version = values.quotaVersion ? Number(values.quotaVersion) : null;
  await setQuota(values.serviceId ?? "", input, Number.isInteger(version) ? version : null, staff);
  done();
  return { ok: `Limit for ${input.odsCode} saved. It applies to that organisation at once.` };
});

export const removeQuotaAction = staffAction({ ...capacityStaff, schema: removeQuotaInput }, async (input, staff) => {
  await removeQuota(input, staff);
  done();
  return { ok: "Limit removed." };
});

export const blockSlotAction = staffAction({ ...capacityStaff, schema: blockSlotInput }, async (input, staff) => {
  const r = await blockSlot(input, staff);
  done();
  return { ok: "Place blocked. 111 is no longer offered it.", ...affectedFor(staff, r.affected) };
});

export const releaseSlotAction = staffAction({ ...capacityStaff, schema: releaseSlotInput }, async (input, staff) => {
  await releaseSlot(input, staff);
  done();
  return { ok: "Place released. 111 can be offered it again." };
});

export const setBandPlacesAction = staffAction({ ...capacityStaff, schema: bandPlacesInput }, async (input, staff, { values }) => {
  const r = await setBandPlaces(values.serviceId ?? "", input, staff);
  done();
  const what = r.slotsCreated ? `${plural(r.slotsCreated, "place")} added` : r.slotsRemoved ? `${plural(r.slotsRemoved, "free place")} withdrawn` : "No places changed";
  return { ok: `${what} for ${input.startTime} to ${input.endTime}.`, ...affectedFor(staff, r.affected) };
});

export const setBarsFeedbackAction = staffAction({ roles: ["clerk", "admin"], refresh: () => ["/capacity"], schema: setBarsFeedbackInput }, async (input, staff) => {
  await setBarsFeedback(input.serviceId, input.on === "on", staff);
  return { ok: input.on === "on" ? "Safeguarding feedback to 111 is on for this service." : "Safeguarding feedback to 111 is off for this service. The local safeguarding task is still made." };
});
