import { redirect } from "next/navigation";
import { IDLE_LOGIN_PATH, readStaffSession } from "@/lib/auth/guard";
import { idleMinutes } from "@/lib/auth/identity-config";
import { IdleWarning } from "@/components/staff/IdleWarning";
import { StaffHeader } from "@/components/staff/StaffHeader";
import { QueryProvider } from "@/components/staff/QueryProvider";
import { BoardUnseenAlert } from "@/components/arrivals/BoardUnseenAlert";
import { boardUnseenStatus, watchStatusForPage } from "@/lib/arrivals/board-presence";

export const dynamic = "force-dynamic";

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  // Pages check the role and a complete sign-in themselves (requirePageRole); an administrator still setting up
  // two-factor sign-in gets the chrome too, on the set-up page.
  const session = await readStaffSession();
  if (session.kind === "idle") redirect(IDLE_LOGIN_PATH);
  if (session.kind === "none") redirect("/login");
  const staff = session.staff;
  const watch = await boardUnseenStatus();
  return (
    <QueryProvider>
      <IdleWarning idleMinutes={idleMinutes()} idleForSeconds={staff.idleForSeconds} />
      <StaffHeader name={staff.name} role={staff.role} passwordAccount={staff.method !== "cis2"} />
      <BoardUnseenAlert
        initial={watchStatusForPage(watch)}
        canOpenBoard={staff.role === "clinician" || staff.role === "clerk"}
      />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
      <footer className="mx-auto max-w-7xl px-4 py-6 text-sm text-nhs-grey-1">
        Times are UK time (Europe/London). A booked arrival time is not an appointment: every patient is still triaged and seen in order of clinical need.
      </footer>
    </QueryProvider>
  );
}
