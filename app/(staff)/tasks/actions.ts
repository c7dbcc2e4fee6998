"use server";

import { closeContactTask, closeContactTaskInput, contactAttemptInput, recordContactAttempt } from "@/lib/arrivals/contact-tasks";
import { closeSafeguardingTask, closeSafeguardingTaskInput } from "@/lib/outbox/bars-feedback-outbox";
import { staffAction } from "@/lib/staff/staff-action";

const staffMembers = { roles: ["clerk", "clinician"], refresh: () => ["/tasks"] } as const;

export const contactAttemptAction = staffAction({ ...staffMembers, schema: contactAttemptInput, invalidMessage: "Choose what happened" }, async (input, staff) => {
  await recordContactAttempt(input, staff);
  return { ok: "Call recorded. The task stays open." };
});

export const closeTaskAction = staffAction({ ...staffMembers, schema: closeContactTaskInput, invalidMessage: "Enter who called, who they spoke to and the advice given" }, async (input, staff) => {
  await closeContactTask(input, staff);
  return { ok: "Task closed." };
});

export const closeSafeguardingTaskAction = staffAction({ ...staffMembers, schema: closeSafeguardingTaskInput, invalidMessage: "Say who was told and how" }, async (input, staff) => {
  await closeSafeguardingTask(input, staff);
  return { ok: "Safeguarding task closed." };
});
