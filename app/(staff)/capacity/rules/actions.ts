"use server";

import { revalidatePath } from "next/cache";
import { capacityOverrideInput, capacityRuleInput, deactivateCapacityRuleInput, removeCapacityOverrideInput, updateCapacityRuleInput } from "@/lib/capacity/capacity-inputs";
import { createCapacityRule } from "@/lib/capacity/create-capacity-rule";
import { updateCapacityRule } from "@/lib/capacity/update-capacity-rule";
import { deactivateCapacityRule, previewStopCapacityRule } from "@/lib/capacity/deactivate-capacity-rule";
import { restartCapacityRule } from "@/lib/capacity/restart-capacity-rule";
import { InvalidInput } from "@/lib/errors";
import { addCapacityOverride } from "@/lib/capacity/add-capacity-override";
import { removeCapacityOverride } from "@/lib/capacity/remove-capacity-override";
import { formValues, staffAction } from "@/lib/staff/staff-action";
import { affectedFor, capacityStaff, plural } from "../action-helpers";

/** Checkboxes arrive as repeated fields: the schema reads them as a list, the form gets them back joined. */
const days = (form: FormData) => form.getAll("days").map(String);
const ruleForm = {
  ...capacityStaff,
  invalidMessage: "Check the rule",
  keepValues: (form: FormData) => ({ ...formValues(form), days: days(form).join(",") }),
  input: (form: FormData, values: Record<string, string>) => ({ ...values, days: days(form) }),
};

function done() {
  revalidatePath("/capacity");
  revalidatePath("/capacity/rules");
}

export const createRuleAction = staffAction({ ...ruleForm, schema: capacityRuleInput }, async (input, staff, { values }) => {
  const r = await createCapacityRule(values.serviceId ?? "", input, staff);
  done();
  return { ok: `Rule "${input.name}" added: ${plural(r.slotsCreated, "arrival place")} published to 111.` };
});

export const updateRuleAction = staffAction({ ...ruleForm, schema: updateCapacityRuleInput }, async (input, staff) => {
  const r = await updateCapacityRule(input, staff);
  done();
  return { ok: `Rule "${input.name}" changed: ${plural(r.slotsCreated, "place")} added, ${plural(r.slotsRemoved, "free place")} withdrawn.`, ...affectedFor(staff, r.affected) };
});

/**
 * Stopping a rule can take every arrival time from 111, so it is asked first: what stopping would withdraw and which
 * bookings fall in its places (the same steps, rolled back). The answer's `ok` is the question, not a result.
 */
export const previewStopRuleAction = staffAction({ ...capacityStaff, schema: deactivateCapacityRuleInput }, async (input, staff, { values }) => {
  const r = await previewStopCapacityRule(input, staff);
  const name = values.ruleName ?? "this rule";
  const only = values.onlyRule === "yes" ? " It is the only rule in use at this service: 111 will be offered no arrival times here until a rule is added or restarted." : "";
  const booked = r.affected.length ? ` ${plural(r.affected.length, "booked patient")} ${r.affected.length === 1 ? "has" : "have"} an arrival time in its places: the bookings stay, listed below for you to review.` : " No booked patient has an arrival time in its places.";
  return { ok: `Stopping "${name}" withdraws ${plural(r.slotsRemoved, "free arrival place")} from 111 now.${only}${booked}`, ...affectedFor(staff, r.affected) };
});

export const deactivateRuleAction = staffAction({ ...capacityStaff, schema: deactivateCapacityRuleInput }, async (input, staff, { values }) => {
  if (values.confirmed !== "yes") throw new InvalidInput("Confirm that you want to stop this rule");
  const r = await deactivateCapacityRule(input, staff);
  done();
  return {
    ok: `Rule "${values.ruleName ?? ""}" stopped: ${plural(r.slotsRemoved, "free place")} withdrawn from 111. It is under Stopped rules, where you can restart it.`,
    ...affectedFor(staff, r.affected),
  };
});

export const restartRuleAction = staffAction({ ...capacityStaff, schema: deactivateCapacityRuleInput }, async (input, staff) => {
  const r = await restartCapacityRule(input, staff);
  done();
  return { ok: `Rule "${r.name}" restarted: ${plural(r.slotsCreated, "arrival place")} published to 111.` };
});

export const addOverrideAction = staffAction({ ...capacityStaff, schema: capacityOverrideInput, invalidMessage: "Check the date change" }, async (input, staff, { values }) => {
  const r = await addCapacityOverride(values.serviceId ?? "", input, staff);
  done();
  return { ok: `Change for ${input.date} saved: ${plural(r.slotsRemoved, "free place")} withdrawn, ${plural(r.slotsCreated, "place")} added.`, ...affectedFor(staff, r.affected) };
});

export const removeOverrideAction = staffAction({ ...capacityStaff, schema: removeCapacityOverrideInput }, async (input, staff) => {
  const r = await removeCapacityOverride(input, staff);
  done();
  return { ok: `Date change removed: the weekly rules apply again (${plural(r.slotsCreated, "place")} published).` };
});
