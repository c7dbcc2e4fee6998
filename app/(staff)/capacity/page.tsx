import type { Metadata } from "next";
import { cookies } from "next/headers";
import { requirePageRole } from "@/lib/auth/guard";
import { capacityDayView } from "@/lib/capacity/capacity-day-view";
import { capacitySummary, listConsumerOrganisations } from "@/lib/capacity/capacity-summary";
import { previewWhat111Sees } from "@/lib/capacity/preview-what-111-sees";
import { formatLondonDate, isLondonDate, londonToday } from "@/lib/time/london";
import { Notice } from "@/components/ui/Notice";
import { CapacityBoard } from "@/components/capacity/CapacityBoard";
import { RememberService } from "@/components/capacity/RememberService";
import { CAPACITY_SERVICE_COOKIE, chooseService } from "@/lib/capacity/remembered-service";
import { now as clockNow } from "@/lib/time/clock";
import { barsFeedbackOfService } from "@/lib/outbox/bars-feedback-outbox";
import { BarsFeedbackSwitch } from "@/components/capacity/BarsFeedbackSwitch";

export const metadata: Metadata = { title: "Capacity" };
export const dynamic = "force-dynamic";

export default async function CapacityPage({ searchParams }: { searchParams: Promise<{ service?: string; date?: string }> }) {
  const staff = await requirePageRole(["clerk", "admin"]);
  const asked = await searchParams;
  const now = clockNow();
  const date = asked.date && isLondonDate(asked.date) ? asked.date : londonToday(now);
  const summary = await capacitySummary(now);
  // The service asked for, else the one this browser last chose (a clerk of one department does not re-select it).
  const service = chooseService(summary, asked.service, (await cookies()).get(CAPACITY_SERVICE_COOKIE)?.value);
  if (!service) {
    return (
      <>
        <h1>Capacity</h1>
        <p>There are no services yet. An administrator adds them under Services.</p>
      </>
    );
  }
  const organisations = await listConsumerOrganisations();
  const [view, preview, feedbackOn] = await Promise.all([
    capacityDayView(service.id, date, now),
    previewWhat111Sees({ serviceId: service.id, odsCode: organisations[0]?.odsCode ?? null, now }),
    barsFeedbackOfService(service.id),
  ]);
  return (
    <>
      <h1>Capacity</h1>
      <Notice title="A slot is an arrival time, not an appointment">
        NHS 111 books patients into these times. Booked patients are still triaged on arrival and seen in order of clinical need.
      </Notice>
      <form method="get" className="no-print mb-6 flex flex-wrap items-end gap-4 bg-white p-3">
        <div>
          <label htmlFor="service" className="block font-bold">
            Service
          </label>
          <select id="service" name="service" defaultValue={service.id} className="border-2 border-nhs-black bg-white px-2 py-1">
            {summary.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}, {s.siteName}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="date" className="block font-bold">
            Date
          </label>
          <input id="date" name="date" type="date" defaultValue={date} className="border-2 border-nhs-black bg-white px-2 py-1" />
        </div>
        <button type="submit" className="rounded bg-nhs-grey-1 px-3 py-1.5 font-bold text-white">
          Show
        </button>
      </form>
      <p className="mb-4 text-lg">
        <strong>{service.name}</strong>, {service.siteName}: {formatLondonDate(date)}. Directory of Services ID {service.dosIds.join(", ") || "none"}.
      </p>
      <RememberService serviceId={service.id} />
      <CapacityBoard
        key={`${service.id}-${date}`}
        initial={{ fetchedAt: now.toISOString(), view, summary }}
        initialPreview={preview}
        organisations={organisations}
        isClerk={staff.role === "clerk"}
      />
      <BarsFeedbackSwitch serviceId={service.id} on={feedbackOn} />
    </>
  );
}
