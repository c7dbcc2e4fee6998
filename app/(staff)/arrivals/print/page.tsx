import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { printBoard } from "@/lib/arrivals/board-export";
import { allergyText, BOARD_STATUS_TEXT, dispositionText, groupByHour, safeguardingText, summaryText } from "@/lib/arrivals/board-text";
import { parseBoardWindow, windowBounds } from "@/lib/arrivals/load-board";
import { describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDateTime, formatLondonTime, londonToday } from "@/lib/time/london";
import { now as clockNow } from "@/lib/time/clock";

export const metadata: Metadata = { title: "Expected arrivals (print)" };
export const dynamic = "force-dynamic";

/** Black and white, one page per hour: for handover and for when the system is down. */
export default async function PrintArrivalsPage({ searchParams }: { searchParams: Promise<{ date?: string; hours?: string }> }) {
  const staff = await requirePageRole(["clinician", "clerk"]);
  const now = clockNow();
  const window = parseBoardWindow(await searchParams, now) ?? { kind: "date" as const, date: londonToday(now) };
  const data = await printBoard(window, staff, now);
  const { from, to } = windowBounds(window, now);
  const groups = groupByHour(data.rows);
  return (
    <div className="print-board bg-white p-4 text-black">
      <p className="no-print mb-4">
        <Link href="/arrivals">Back to expected arrivals</Link>. Use your browser&apos;s print command: each hour starts on a new page.
      </p>
      <h1>Expected arrivals</h1>
      <p>
        {formatLondonDateTime(from)} to {formatLondonDateTime(to)}. Printed {formatLondonDateTime(now)} by {staff.name}. A booked time is an arrival time, not an appointment.
      </p>
      {groups.length === 0 && <p>No bookings.</p>}
      {groups.map((g) => (
        <section key={g.key} className="print-page mt-6" aria-labelledby={`h-${g.key}`}>
          <h2 id={`h-${g.key}`}>{g.label}</h2>
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">Bookings from {g.label}</caption>
            <thead>
              <tr>
                {["Time", "Patient", "NHS number", ...(data.seesClinical ? ["Reason"] : []), "Service", "Status", "111 summary", ...(data.seesClinical ? ["Disposition", "Flags"] : []), "Arrived (tick)"].map((h) => (
                  <th key={h} scope="col" className="border border-black p-1">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {g.rows.map((r) => {
                const nhs = describeNhsNumber(r.patient.nhsNumber, r.patient.nhsNumberStatus);
                return (
                  <tr key={r.id} className="align-top">
                    <td className="border border-black p-1 font-bold">{formatLondonTime(new Date(r.start))}</td>
                    <td className="border border-black p-1">
                      {r.patient.name}
                      <br />
                      {formatBirthDate(r.patient.birthDate)} ({r.patient.age ?? "?"}) {GENDER_LABEL[r.patient.gender] ?? r.patient.gender}
                    </td>
                    <td className="border border-black p-1">
                      {nhs.text}
                      <br />
                      {nhs.note}
                    </td>
                    {data.seesClinical && <td className="border border-black p-1">{r.description}</td>}
                    <td className="border border-black p-1">
                      {r.serviceName}, {r.siteName}
                    </td>
                    <td className="border border-black p-1 font-bold">{BOARD_STATUS_TEXT[r.status]}</td>
                    <td className="border border-black p-1">{summaryText(r)}</td>
                    {data.seesClinical && <td className="border border-black p-1">{dispositionText(r)}</td>}
                    {r.flags && (
                      <td className="border border-black p-1">
                        {allergyText(r.flags.allergies)}
                        <br />
                        {safeguardingText(r.flags.safeguarding)}
                      </td>
                    )}
                    <td className="border border-black p-1">&nbsp;</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
