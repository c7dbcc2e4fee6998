import Link from "next/link";
import type { DocumentListRow } from "@/lib/clinical/list-documents";
import { describeMinutes } from "@/lib/clinical/cda/disposition";
import { ageOn, describeNhsNumber, formatBirthDate } from "@/lib/format";
import { formatLondonDateTime, formatLondonTime, londonParts, type LondonDate } from "@/lib/time/london";

/** The time alone when it is today, else with its date: a walk-in from yesterday must not read as today's. */
function whenText(iso: string, today: LondonDate): string {
  const d = new Date(iso);
  return londonParts(d).date === today ? formatLondonTime(d) : formatLondonDateTime(d);
}

/**
 * 111 referrals that came without a booking: expected walk-ins, not errors. Every unresolved one is listed however
 * old it is, until a person records that the patient arrived or closes it. Ages are on `today`, the server's date.
 */
export function WalkInsList({ rows, today, heading = "Expected walk-ins (111 referrals without a booking)" }: { rows: DocumentListRow[]; today: LondonDate; heading?: string }) {
  return (
    <section aria-labelledby="walk-ins-h" className="mt-8">
      <h2 id="walk-ins-h">{heading}</h2>
      {rows.length === 0 ? (
        <p className="bg-white p-4">No expected walk-ins waiting, and none resolved recently.</p>
      ) : (
        <ul className="space-y-2">
          {rows.map((d) => {
            const nhs = describeNhsNumber(d.nhsNumber, null);
            const age = d.birthDate ? ageOn(d.birthDate, today) : null;
            return (
              <li key={d.id} data-walk-in={d.id} className={`border-l-8 bg-white p-3 ${d.resolution ? "border-nhs-grey-3" : "border-nhs-blue"}`}>
                <Link href={`/documents/${d.id}`} className="font-bold">
                  {d.patientName ?? "Name not sent by 111"}
                </Link>
                <span className="ml-2 text-sm">
                  {d.birthDate ? `Born ${formatBirthDate(d.birthDate)}${age !== null ? ` (${age})` : ""}` : "Birth date not sent"} · NHS number {nhs.text}
                </span>
                <div className="text-sm">
                  Report received {whenText(d.receivedAt, today)} from {d.sender ?? "an unnamed 111 service"}.{" "}
                  {d.disposition ? `${d.disposition.text ?? d.disposition.code ?? "Disposition"}${d.disposition.timeframeMinutes !== null && !/within/i.test(d.disposition.text ?? "") ? ` (within ${describeMinutes(d.disposition.timeframeMinutes)})` : ""}` : "Disposition not sent by 111"}
                </div>
                <p className="text-sm font-bold">
                  {d.resolution
                    ? d.resolution.outcome === "arrived"
                      ? `Arrived: recorded ${whenText(d.resolution.at, today)}`
                      : `Closed ${whenText(d.resolution.at, today)}: ${d.resolution.note ?? "no longer expected"}`
                    : "Not yet arrived: open it to record the arrival, or close it with a reason"}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
