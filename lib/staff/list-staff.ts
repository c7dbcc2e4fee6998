import { db } from "../db/client";

export interface StaffRow {
  id: string;
  username: string;
  name: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  version: number;
}

export async function listStaff(): Promise<StaffRow[]> {
  return db().staffUser.findMany({
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
    select: { id: true, username: true, name: true, role: true, disabled: true, mustChangePassword: true, lastSignInAt: true, version: true },
  });
}
