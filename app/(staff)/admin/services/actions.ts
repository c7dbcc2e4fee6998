"use server";

import { revalidatePath } from "next/cache";
import { addDosIdInput, changeDosIdInput, createServiceInput, scheduleInput, scheduleLinksInput, updateScheduleInput, updateServiceInput } from "@/lib/services/service-inputs";
import { createService } from "@/lib/services/create-service";
import { updateService } from "@/lib/services/update-service";
import { addDosId } from "@/lib/services/add-dos-id";
import { changeDosId } from "@/lib/services/change-dos-id";
import { createSchedule } from "@/lib/services/create-schedule";
import { updateSchedule } from "@/lib/services/update-schedule";
import { setScheduleDosLinks } from "@/lib/services/set-schedule-dos-links";
import { parseInput, staffAction } from "@/lib/staff/staff-action";

const admins = { roles: ["admin"], refused: "Only administrators can change services", keepValues: true } as const;

function done() {
  revalidatePath("/admin/services");
  revalidatePath("/capacity");
}

export const createServiceAction = staffAction({ ...admins, schema: createServiceInput, invalidMessage: "Check the service details" }, async (input, admin) => {
  await createService(input, admin);
  done();
  return { ok: `${input.name} added, with one schedule. Add its Directory of Services ID so 111 can find it, then its weekly rules.` };
});

export const updateServiceAction = staffAction({ ...admins, schema: updateServiceInput, invalidMessage: "Check the service details" }, async (input, admin) => {
  await updateService(input, admin);
  done();
  return { ok: `${input.name} saved.` };
});

export const addDosIdAction = staffAction({ ...admins, schema: addDosIdInput }, async (input, admin) => {
  await addDosId(input, admin);
  done();
  return { ok: `Directory of Services ID ${input.value} added. 111 can now find this service by it.` };
});

export const changeDosIdAction = staffAction({ ...admins, schema: changeDosIdInput }, async (input, admin) => {
  await changeDosId(input, admin);
  done();
  return { ok: `Directory of Services ID changed to ${input.value}. 111 searches by the old ID now find nothing.` };
});

export const createScheduleAction = staffAction({ ...admins, schema: scheduleInput }, async (input, admin) => {
  await createSchedule(input, admin);
  done();
  return { ok: `Schedule ${input.name} added.` };
});

export const updateScheduleAction = staffAction({ ...admins, schema: updateScheduleInput }, async (input, admin, { form, values }) => {
  const links = parseInput(scheduleLinksInput, { scheduleId: values.scheduleId, dosRowIds: form.getAll("dosRowIds").map(String) });
  await updateSchedule(input, admin);
  await setScheduleDosLinks(links, admin);
  done();
  return { ok: `Schedule ${input.name} saved.` };
});
