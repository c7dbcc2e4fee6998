import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { loadBoard, parseBoardWindow, windowBounds } from "@/lib/arrivals/load-board";
import { listExpectedWalkIns } from "@/lib/clinical/list-documents";
import { formatLondonDate, formatLondonDateTime, londonToday } from "@/lib/time/london";
import { ArrivalsBoard } from "@/components/arrivals/ArrivalsBoard";
import { WalkInsList } from "@/components/arrivals/WalkInsList";
import { Notice } from "@/components/ui/Notice";
import { now as clockNow } from "@/lib/time/clock";

export const metadata: Metadata = { title: "Expected arrivals" };
export const dynamic = "force-dynamic";

const HOUR_CHOICES = [4, 8, 12, 24];

export default async function ArrivalsPage({ searchParams }: { searchParams: Promise<{ date?: string; hours?: string }> }) {
  const staff = await requirePageRole(["clinician", "clerk"]);
  const params = await searchParams;
  const now = clockNow();
  const window = parseBoardWindow(params, now) ?? { kind: "date" as const, date: londonToday(now) };
  const [data, walkIns] = await Promise.all([loadBoard(window, staff, now), listExpectedWalkIns(staff, now)]);
  const query = window.kind === "date" ? `date=${window.date}` : `hours=${window.hours}`;
  const { from, to } = windowBounds(window, now);
  return (
    <>
      <h1>Expected arrivals</h1>
      <p className="mb-2 text-lg">{window.kind === "date" ? formatLondonDate(window.date) : `Next ${window.hours} hours: ${formatLondonDateTime(from)} to ${formatLondonDateTime(to)}`}</p>
      <Notice title="Booked times are arrival times, not appointments">Patients booked by NHS 111 are still triaged on arrival and seen in order of clinical need.</Notice>
      <div className="no-print mb-4 flex flex-wrap items-end gap-6">
        <form method="get" className="flex items-end gap-2">
          <div>
            <label htmlFor="date" className="block font-bold">
              Date
            </label>
            <input id="date" name="date" type="date" defaultValue={window.kind === "date" ? window.date : londonToday(now)} className="border-2 border-nhs-black bg-white px-2 py-1" />
          </div>
          <button type="submit" className="rounded bg-nhs-grey-1 px-3 py-1.5 font-bold text-white">
            Show date
          </button>
        </form>
        <nav aria-label="Time window" className="flex flex-wrap gap-3">
          <Link href="/arrivals">Today</Link>
          {HOUR_CHOICES.map((h) => (
            <Link key={h} href={`/arrivals?hours=${h}`} aria-current={window.kind === "hours" && window.hours === h ? "page" : undefined}>
              Next {h} hours
            </Link>
          ))}
        </nav>
        <nav aria-label="Arrivals tools" className="flex flex-wrap gap-3">
          <Link href={`/arrivals/print?${query}`}>Print view</Link>
          {staff.role === "clinician" && <a href={`/api/arrivals/export?${query}`}>Download as CSV</a>}
          {staff.role === "clinician" && <Link href="/arrivals/did-not-attend">Did-not-attend and was-not-brought reviews</Link>}
          <Link href="/tasks">Contact tasks</Link>
          <Link href="/arrivals/ed-record">ED record: registrations to check</Link>
          <Link href="/documents">Clinical documents</Link>
        </nav>
      </div>
      <ArrivalsBoard initial={data} query={query} />
      <WalkInsList today={londonToday(now)} rows={walkIns} seesClinical={staff.role === "clinician"} />
    </>
  );
}
