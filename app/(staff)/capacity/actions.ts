"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { capsInput, noticeAndHorizonInput, quotaInput, suspensionInput } from "@/lib/capacity/limit-inputs";
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
import { formatLondonDateTime, formatLondonTime } from "@/lib/time/london";
import type { ActionState } from "@/lib/capacity/action-state";
import { affectedFor, attempt, formValues, invalid, plural, requireCapacityStaff } from "./action-helpers";

const serviceAndVersion = z.object({ serviceId: z.string().min(1), version: z.coerce.number().int() });

function done(): void {
  revalidatePath("/capacity");
}

export async function suspendAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const now = new Date();
  const withReopen = withReopenTime(values, now);
  if ("error" in withReopen) return { error: withReopen.error, fields: { reopenTime: withReopen.error }, values, at: Date.now() };
  const parsed = suspensionInput(now).safeParse(withReopen.values);
  if (!parsed.success) {
    const state = invalid(parsed.error, values);
    // A quick suspension's reopen time is checked as the end of a custom one.
    if (values.period !== "custom" && state.fields?.endTime) state.fields = { reopenTime: state.fields.endTime.replace("End time", "Reopen time") };
    return state;
  }
  return attempt(values, async () => {
    const r = await suspendBookings(values.serviceId ?? "", parsed.data, staff, now);
    done();
    const until = parsed.data.reopensAutomatically ? `until ${formatLondonDateTime(r.endsAt)}` : "until someone reopens them";
    return { ok: `Bookings are suspended from ${formatLondonTime(r.startsAt > now ? r.startsAt : now)} ${until}. 111 is no longer offered these times.`, ...affectedFor(staff, r.affected) };
  });
}

export async function reopenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const parsed = liftSuspensionInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    await liftSuspension(parsed.data, staff);
    done();
    return { ok: "Bookings are open again. 111 is offered these times now." };
  });
}

export async function setCapsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const ids = serviceAndVersion.safeParse(values);
  const parsed = capsInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  if (!ids.success) return invalid(ids.error, values, "Reload the page and try again");
  return attempt(values, async () => {
    await setCaps(ids.data.serviceId, ids.data.version, parsed.data, staff);
    done();
    return { ok: "Limits saved. They apply to 111 at once." };
  });
}

export async function setNoticeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const ids = serviceAndVersion.safeParse(values);
  const parsed = noticeAndHorizonInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  if (!ids.success) return invalid(ids.error, values, "Reload the page and try again");
  return attempt(values, async () => {
    await setNoticeAndHorizon(ids.data.serviceId, ids.data.version, parsed.data, staff);
    done();
    return { ok: "Minimum notice and booking horizon saved. They apply to 111 at once." };
  });
}

export async function setQuotaAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const parsed = quotaInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const version = values.quotaVersion ? Number(values.quotaVersion) : null;
  return attempt(values, async () => {
    await setQuota(values.serviceId ?? "", parsed.data, Number.isInteger(version) ? version : null, staff);
    done();
    return { ok: `Limit for ${parsed.data.odsCode} saved. It applies to that organisation at once.` };
  });
}

export async function removeQuotaAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const parsed = removeQuotaInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    await removeQuota(parsed.data, staff);
    done();
    return { ok: "Limit removed." };
  });
}

export async function blockSlotAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const parsed = blockSlotInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    const r = await blockSlot(parsed.data, staff);
    done();
    return { ok: "Place blocked. 111 is no longer offered it.", ...affectedFor(staff, r.affected) };
  });
}

export async function releaseSlotAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const parsed = releaseSlotInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    await releaseSlot(parsed.data, staff);
    done();
    return { ok: "Place released. 111 can be offered it again." };
  });
}

export async function setBandPlacesAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const parsed = bandPlacesInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    const r = await setBandPlaces(values.serviceId ?? "", parsed.data, staff);
    done();
    const what = r.slotsCreated ? `${plural(r.slotsCreated, "place")} added` : r.slotsRemoved ? `${plural(r.slotsRemoved, "free place")} withdrawn` : "No places changed";
    return { ok: `${what} for ${parsed.data.startTime} to ${parsed.data.endTime}.`, ...affectedFor(staff, r.affected) };
  });
}
