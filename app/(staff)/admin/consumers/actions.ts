"use server";

import { revalidatePath } from "next/cache";
import { currentStaff } from "@/lib/auth/guard";
import { setConsumerBlocked, setConsumerBlockedInput } from "@/lib/consumers/set-consumer-blocked";
import { DomainError } from "@/lib/errors";

export interface ConsumerFormState {
  ok?: string;
  error?: string;
}

export async function setConsumerBlockedAction(_prev: ConsumerFormState, form: FormData): Promise<ConsumerFormState> {
  const staff = await currentStaff();
  if (!staff || staff.role !== "admin" || staff.mustChangePassword) return { error: "Only administrators can block 111 consumers" };
  const parsed = setConsumerBlockedInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the details" };
  try {
    await setConsumerBlocked(parsed.data, staff);
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message };
    throw e;
  }
  revalidatePath("/admin/consumers");
  return { ok: parsed.data.blocked ? "Blocked. Its requests are now refused." : "Unblocked." };
}
