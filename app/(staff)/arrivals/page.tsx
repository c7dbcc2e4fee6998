import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { listExpectedArrivals } from "@/lib/arrivals/list-expected-arrivals";
import { formatLondonDate, isLondonDate, londonToday } from "@/lib/time/london";
import { ArrivalsTable } from "@/components/arrivals/ArrivalsTable";
import { Notice } from "@/components/ui/Notice";

export const metadata: Metadata = { title: "Expected arrivals" };
export const dynamic = "force-dynamic";

export default async function ArrivalsPage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  const staff = await requirePageRole(["clinician", "clerk"]);
  const { date: asked } = await searchParams;
  const date = asked && isLondonDate(asked) ? asked : londonToday();
  const rows = await listExpectedArrivals(date, staff);
  return (
    <>
      <h1>Expected arrivals</h1>
      <p className="mb-2 text-lg">{formatLondonDate(date)}</p>
      <Notice title="Booked times are arrival times, not appointments">
        Patients booked by NHS 111 are still triaged on arrival and seen in order of clinical need.
      </Notice>
      <form method="get" className="no-print mb-4 flex items-end gap-2">
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
      <ArrivalsTable initial={{ date, fetchedAt: new Date().toISOString(), rows }} />
    </>
  );
}
