import { redirect } from "next/navigation";
import { currentStaff } from "@/lib/auth/guard";
import { StaffHeader } from "@/components/staff/StaffHeader";
import { QueryProvider } from "@/components/staff/QueryProvider";
import { BoardUnseenAlert } from "@/components/arrivals/BoardUnseenAlert";
import { boardUnseenStatus } from "@/lib/arrivals/board-presence";

export const dynamic = "force-dynamic";

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const staff = await currentStaff();
  if (!staff) redirect("/login");
  const watch = await boardUnseenStatus();
  return (
    <QueryProvider>
      <StaffHeader name={staff.name} role={staff.role} />
      <BoardUnseenAlert
        initial={{ unseen: watch.unseen, suspended: watch.suspended, minutes: watch.minutes, lastSeenAt: watch.lastSeenAt?.toISOString() ?? null }}
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
