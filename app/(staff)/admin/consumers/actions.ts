"use server";

import { revalidatePath } from "next/cache";
import { setConsumerBlocked, setConsumerBlockedInput } from "@/lib/consumers/set-consumer-blocked";
import { staffAction } from "@/lib/staff/staff-action";

export const setConsumerBlockedAction = staffAction({ roles: ["admin"], refused: "Only administrators can block 111 consumers", schema: setConsumerBlockedInput }, async (input, staff) => {
  await setConsumerBlocked(input, staff);
  revalidatePath("/admin/consumers");
  return { ok: input.blocked ? "Blocked. Its requests are now refused." : "Unblocked." };
});
