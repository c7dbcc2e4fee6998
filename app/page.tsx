import { redirect } from "next/navigation";
import { IDLE_LOGIN_PATH, readStaffSession } from "@/lib/auth/guard";
import { ROLE_HOME } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

/** The front door: each role lands on its own page. */
export default async function Home() {
  const session = await readStaffSession();
  if (session.kind === "idle") redirect(IDLE_LOGIN_PATH);
  if (session.kind === "none") redirect("/login");
  const staff = session.staff;
  if (staff.twoFactorPending) redirect("/account/two-factor");
  if (staff.mustChangePassword) redirect("/account/password");
  redirect(ROLE_HOME[staff.role]);
}
