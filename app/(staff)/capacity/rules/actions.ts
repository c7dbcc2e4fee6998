"use server";

import { revalidatePath } from "next/cache";
import { capacityOverrideInput, capacityRuleInput, deactivateCapacityRuleInput, removeCapacityOverrideInput, updateCapacityRuleInput } from "@/lib/capacity/capacity-inputs";
import { createCapacityRule } from "@/lib/capacity/create-capacity-rule";
import { updateCapacityRule } from "@/lib/capacity/update-capacity-rule";
import { deactivateCapacityRule } from "@/lib/capacity/deactivate-capacity-rule";
import { addCapacityOverride } from "@/lib/capacity/add-capacity-override";
import { removeCapacityOverride } from "@/lib/capacity/remove-capacity-override";
import type { ActionState } from "@/lib/capacity/action-state";
import { affectedFor, attempt, formValues, invalid, plural, requireCapacityStaff } from "../action-helpers";

/** Checkboxes arrive as repeated fields. */
function ruleValues(form: FormData) {
  const values: Record<string, string> = { ...formValues(form) };
  const days = form.getAll("days").map(String);
  values.days = days.join(",");
  return { values, parsed: { ...values, days } };
}

function done() {
  revalidatePath("/capacity");
  revalidatePath("/capacity/rules");
}

export async function createRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const { values, parsed } = ruleValues(form);
  const input = capacityRuleInput.safeParse(parsed);
  if (!input.success) return invalid(input.error, values, "Check the rule");
  return attempt(values, async () => {
    const r = await createCapacityRule(values.serviceId ?? "", input.data, staff);
    done();
    return { ok: `Rule "${input.data.name}" added: ${plural(r.slotsCreated, "arrival place")} published to 111.` };
  });
}

export async function updateRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const { values, parsed } = ruleValues(form);
  const input = updateCapacityRuleInput.safeParse(parsed);
  if (!input.success) return invalid(input.error, values, "Check the rule");
  return attempt(values, async () => {
    const r = await updateCapacityRule(input.data, staff);
    done();
    return { ok: `Rule "${input.data.name}" changed: ${plural(r.slotsCreated, "place")} added, ${plural(r.slotsRemoved, "free place")} withdrawn.`, ...affectedFor(staff, r.affected) };
  });
}

export async function deactivateRuleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const input = deactivateCapacityRuleInput.safeParse(values);
  if (!input.success) return invalid(input.error, values);
  return attempt(values, async () => {
    const r = await deactivateCapacityRule(input.data, staff);
    done();
    return { ok: `Rule stopped: ${plural(r.slotsRemoved, "free place")} withdrawn.`, ...affectedFor(staff, r.affected) };
  });
}

export async function addOverrideAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const input = capacityOverrideInput.safeParse(values);
  if (!input.success) return invalid(input.error, values, "Check the date change");
  return attempt(values, async () => {
    const r = await addCapacityOverride(values.serviceId ?? "", input.data, staff);
    done();
    return { ok: `Change for ${input.data.date} saved: ${plural(r.slotsRemoved, "free place")} withdrawn, ${plural(r.slotsCreated, "place")} added.`, ...affectedFor(staff, r.affected) };
  });
}

export async function removeOverrideAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const staff = await requireCapacityStaff();
  const values = formValues(form);
  const input = removeCapacityOverrideInput.safeParse(values);
  if (!input.success) return invalid(input.error, values);
  return attempt(values, async () => {
    const r = await removeCapacityOverride(input.data, staff);
    done();
    return { ok: `Date change removed: the weekly rules apply again (${plural(r.slotsCreated, "place")} published).` };
  });
}
