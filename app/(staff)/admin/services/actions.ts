"use server";

import { revalidatePath } from "next/cache";
import { currentStaff } from "@/lib/auth/guard";
import type { ActionState } from "@/lib/capacity/action-state";
import { addDosIdInput, changeDosIdInput, createServiceInput, scheduleInput, scheduleLinksInput, updateScheduleInput, updateServiceInput } from "@/lib/services/service-inputs";
import { createService } from "@/lib/services/create-service";
import { updateService } from "@/lib/services/update-service";
import { addDosId } from "@/lib/services/add-dos-id";
import { changeDosId } from "@/lib/services/change-dos-id";
import { createSchedule } from "@/lib/services/create-schedule";
import { updateSchedule } from "@/lib/services/update-schedule";
import { setScheduleDosLinks } from "@/lib/services/set-schedule-dos-links";
import { attempt, formValues, invalid } from "../../capacity/action-helpers";

async function requireAdmin() {
  const staff = await currentStaff();
  if (!staff || staff.role !== "admin" || staff.mustChangePassword) throw new Error("Only administrators can change services");
  return staff;
}

function done() {
  revalidatePath("/admin/services");
  revalidatePath("/capacity");
}

export async function createServiceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const values = formValues(form);
  const parsed = createServiceInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values, "Check the service details");
  return attempt(values, async () => {
    await createService(parsed.data, admin);
    done();
    return { ok: `${parsed.data.name} added, with one schedule. Add its Directory of Services ID so 111 can find it, then its weekly rules.` };
  });
}

export async function updateServiceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const values = formValues(form);
  const parsed = updateServiceInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values, "Check the service details");
  return attempt(values, async () => {
    await updateService(parsed.data, admin);
    done();
    return { ok: `${parsed.data.name} saved.` };
  });
}

export async function addDosIdAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const values = formValues(form);
  const parsed = addDosIdInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    await addDosId(parsed.data, admin);
    done();
    return { ok: `Directory of Services ID ${parsed.data.value} added. 111 can now find this service by it.` };
  });
}

export async function changeDosIdAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const values = formValues(form);
  const parsed = changeDosIdInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    await changeDosId(parsed.data, admin);
    done();
    return { ok: `Directory of Services ID changed to ${parsed.data.value}. 111 searches by the old ID now find nothing.` };
  });
}

export async function createScheduleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const values = formValues(form);
  const parsed = scheduleInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  return attempt(values, async () => {
    await createSchedule(parsed.data, admin);
    done();
    return { ok: `Schedule ${parsed.data.name} added.` };
  });
}

export async function updateScheduleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requireAdmin();
  const values = formValues(form);
  const parsed = updateScheduleInput.safeParse(values);
  const links = scheduleLinksInput.safeParse({ scheduleId: values.scheduleId, dosRowIds: form.getAll("dosRowIds").map(String) });
  if (!parsed.success) return invalid(parsed.error, values);
  if (!links.success) return invalid(links.error, values);
  return attempt(values, async () => {
    await updateSchedule(parsed.data, admin);
    await setScheduleDosLinks(links.data, admin);
    done();
    return { ok: `Schedule ${parsed.data.name} saved.` };
  });
}
