import Link from "next/link";
import type { ServiceSummary } from "@/lib/capacity/capacity-summary";
import { formatLondonDate, formatLondonTime, londonToday } from "@/lib/time/london";

function yesNo(ok: boolean) {
  return ok ? "Yes" : <strong>No</strong>;
}

function earliestText(start: string | null, minutes: number | null, now: number): string {
  if (!start || minutes === null) return "None: 111 cannot book any time now";
  const d = new Date(start);
  const day = londonToday(d) === londonToday(new Date(now)) ? "" : `${formatLondonDate(d)}, `;
  const wait = minutes < 60 ? `in ${minutes} min` : `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${day}${formatLondonTime(d)} (${wait})`;
}

/**
 * Per service: the earliest slot a typical 111 organisation could book from now, against 1 and 4 hours. `now` is the
 * board's clock, which starts at the server's time, so "today" is the server's today.
 */
export function EarliestSummary({ summary, currentId, date, now }: { summary: ServiceSummary[]; currentId: string; date: string; now: number }) {
  return (
    <section aria-labelledby="earliest-title" className="mb-8">
      <h2 id="earliest-title">Earliest slot 111 can book from now</h2>
      <p className="mb-2">111 asks patients to attend within 1 hour or within 4 hours. Suspensions and limits can make those patients unbookable here.</p>
      <table className="w-full border-collapse bg-white text-left">
        <caption className="sr-only">Earliest bookable slot per service</caption>
        <thead>
          <tr className="border-b-2 border-nhs-grey-3">
            <th scope="col" className="p-2">
              Service
            </th>
            <th scope="col" className="p-2">
              Earliest bookable
            </th>
            <th scope="col" className="p-2">
              Within 1 hour
            </th>
            <th scope="col" className="p-2">
              Within 4 hours
            </th>
            <th scope="col" className="p-2">
              Bookings
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.map((s) => (
            <tr key={s.id} className="border-b border-nhs-grey-4 align-top">
              <th scope="row" className="p-2 text-left">
                {s.id === currentId ? (
                  s.name
                ) : (
                  <Link href={`/capacity?service=${s.id}&date=${date}`}>{s.name}</Link>
                )}
                <div className="text-sm font-normal text-nhs-grey-1">{s.siteName}</div>
              </th>
              <td className="p-2">
                {earliestText(s.earliest.start, s.earliest.minutesFromNow, now)}
                {s.earliest.warning ? (
                  <p className="mt-1 border-l-4 border-nhs-red pl-2 font-bold">
                    <span className="sr-only">Warning: </span>
                    {s.earliest.warning}
                  </p>
                ) : null}
              </td>
              <td className="p-2">{yesNo(s.earliest.meetsOneHour)}</td>
              <td className="p-2">{yesNo(s.earliest.meetsFourHours)}</td>
              <td className="p-2">{s.suspendedNow ? <strong>Suspended now</strong> : "Open"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
