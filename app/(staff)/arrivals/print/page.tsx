import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { printBoard, samePatientCell } from "@/lib/arrivals/board-export";
import { adjustmentsText, ageAgainstService, allergyText, deadlineText, dispositionText, groupByHour, paperSummaryChangeText, safeguardingText, statusWords, summaryText } from "@/lib/arrivals/board-text";
import { parseBoardWindow, windowBounds } from "@/lib/arrivals/load-board";
import { describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDateTime, londonToday } from "@/lib/time/london";
import { now as clockNow } from "@/lib/time/clock";

export const metadata: Metadata = { title: "Expected arrivals (print)" };
export const dynamic = "force-dynamic";

/**
 * Black and white on A4, for handover and for when the system is down: each day starts a new page under its own
 * heading, every arrival time carries its date (a loose page must still say which day it is), table headings repeat
 * on every page and no row is split between pages (app/globals.css, print rules).
 */
export default async function PrintArrivalsPage({ searchParams }: { searchParams: Promise<{ date?: string; hours?: string }> }) {
  const staff = await requirePageRole(["clinician", "clerk"]);
  const now = clockNow();
  const today = londonToday(now);
  const window = parseBoardWindow(await searchParams, now) ?? { kind: "date" as const, date: today };
  const data = await printBoard(window, staff, now);
  const { from, to } = windowBounds(window, now);
  const groups = groupByHour(data.rows, today);
  const days = [...new Set(groups.map((g) => g.date))].map((date) => groups.filter((g) => g.date === date));
  // Clinical columns only on a clinician's copy (HAZ-074); 111's deadline is a time, which everyone needs.
  const clinical = data.seesClinical;
  const columns = ["Arrival time", "Patient", "NHS number", ...(clinical ? ["Reason"] : []), "Service", "Status", "111 summary", clinical ? "Disposition and 111 deadline" : "111 deadline", ...(clinical ? ["Flags"] : []), "Arrived (tick)"];
  return (
    <div className="print-board bg-white p-4 text-black">
      <p className="no-print mb-4">
        <Link href="/arrivals">Back to expected arrivals</Link>. Use your browser&apos;s print command (A4, landscape): each day starts on a new page.
      </p>
      <h1>Expected arrivals</h1>
      <p>
        {formatLondonDateTime(from)} to {formatLondonDateTime(to)}. Printed {formatLondonDateTime(now)} by {staff.name}. A booked time is an arrival time, not an appointment: every patient is
        still triaged and seen in order of clinical need.
      </p>
      {groups.length === 0 && <p>No bookings.</p>}
      {days.map((hours) => (
        <section key={hours[0].date} className="print-day mt-6" aria-labelledby={`d-${hours[0].date}`}>
          <h2 id={`d-${hours[0].date}`} className="border-2 border-black p-1">
            {hours[0].day}
          </h2>
          {hours.map((g) => (
            <section key={g.key} className="print-hour mt-3" aria-labelledby={`h-${g.key}`}>
              <h3 id={`h-${g.key}`}>
                {g.label} ({g.rows.length})
              </h3>
              <table className="w-full border-collapse text-left">
                <caption className="sr-only">Bookings from {g.label}</caption>
                <thead>
                  <tr>
                    {columns.map((h) => (
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
                        <td className="border border-black p-1 font-bold">{formatLondonDateTime(new Date(r.start))}</td>
                        <td className="border border-black p-1">
                          {r.patient.name}
                          <br />
                          {formatBirthDate(r.patient.birthDate)} ({r.patient.age ?? "?"}) {GENDER_LABEL[r.patient.gender] ?? r.patient.gender}
                          {samePatientCell(r) && <span className="block font-bold" data-same-patient>{samePatientCell(r)}</span>}
                        </td>
                        <td className="border border-black p-1">
                          {nhs.text}
                          <br />
                          {nhs.note}
                        </td>
                        {clinical && <td className="border border-black p-1">{r.description}</td>}
                        <td className="border border-black p-1">
                          {r.serviceName}, {r.siteName}
                          <br />
                          {ageAgainstService(r.patient.age, r.serviceName)}
                        </td>
                        <td className="border border-black p-1 font-bold">{statusWords(r.status, r.patient.age)}</td>
                        <td className="border border-black p-1">
                          {summaryText(r, today)}
                          {paperSummaryChangeText(r) && <span className="block font-bold">{paperSummaryChangeText(r)}</span>}
                        </td>
                        <td className="border border-black p-1">
                          {clinical && dispositionText(r)}
                          {deadlineText(r, today).map((t) => (
                            <span key={t} className="block font-bold">
                              {t}
                            </span>
                          ))}
                        </td>
                        {clinical && r.flags && (
                          <td className="border border-black p-1">
                            {allergyText(r.flags.allergies)}
                            <br />
                            {safeguardingText(r.flags.safeguarding)}
                            {adjustmentsText(r.flags) && (
                              <>
                                <br />
                                {adjustmentsText(r.flags)}
                              </>
                            )}
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
        </section>
      ))}
    </div>
  );
}
