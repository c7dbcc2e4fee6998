import { z } from "zod";
import { ROLES } from "../auth/roles";
import type { Tx } from "../db/client";
import { InvalidInput } from "../errors";

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "User name must be 3 characters or more")
  .max(64, "User name must be 64 characters or fewer")
  .regex(/^[a-z0-9._-]+$/, "User name can only contain letters, numbers, full stops, hyphens and underscores");

export const staffNameSchema = z.string().trim().min(1, "Enter the person's full name").max(120, "Name must be 120 characters or fewer");
export const roleSchema = z.enum(ROLES, { message: "Select a role" });

/** Serialises changes that could remove the last administrator (two admins demoting each other at once). */
export async function lockAdminChanges(tx: Tx): Promise<void> {
  await tx.appState.upsert({
    where: { key: "lock:staff-admins" },
    create: { key: "lock:staff-admins", value: "1" },
    update: { value: String(Date.now()) },
  });
}

export async function assertAnAdminRemains(tx: Tx): Promise<void> {
  const admins = await tx.staffUser.count({ where: { role: "admin", disabled: false } });
  if (admins === 0) throw new InvalidInput("There must always be at least one active administrator");
}
