import { redirect } from "next/navigation";
import { currentStaff } from "@/lib/auth/guard";
import { ROLE_HOME } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

/** The front door: each role lands on its own page. */
export default async function Home() {
  const staff = await currentStaff();
  if (!staff) redirect("/login");
  if (staff.mustChangePassword) redirect("/account/password");
  redirect(ROLE_HOME[staff.role]);
}
