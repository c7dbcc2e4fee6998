import Link from "next/link";
import type { DocumentListRow } from "@/lib/clinical/list-documents";
import { describeMinutes } from "@/lib/clinical/cda/disposition";
import { DISPOSITION_NOT_USUALLY_ED_TEXT } from "@/lib/clinical/classify-report-route";
import { NO_CLINICAL_CONTENT_TEXT, SAFEGUARDING_FLAG_TEXT } from "@/lib/clinical/document-summary";
import { ageOn, describeNhsNumber, formatBirthDate } from "@/lib/format";
import { walkInResolutionText } from "@/lib/arrivals/board-text";
import { formatLondonTimeOn, type LondonDate } from "@/lib/time/london";

/**
 * 111 referrals that came without a booking: expected walk-ins, not errors. Every unresolved one is listed however
 * old it is, until a person records that the patient arrived or closes it. Ages are on `today`, the server's date.
 * A clerk is not shown the disposition or the clinical flags (HAZ-074).
 */
export function WalkInsList({ rows, today, seesClinical, heading = "Expected walk-ins (111 referrals without a booking)" }: { rows: DocumentListRow[]; today: LondonDate; seesClinical: boolean; heading?: string }) {
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
                  {d.source === "bars" ? "BaRS referral" : "Report"} received {formatLondonTimeOn(new Date(d.receivedAt), today)} from {d.sender ?? "an unnamed 111 service"}.{" "}
                  {!seesClinical ? null : d.disposition ? `${d.disposition.text ?? d.disposition.code ?? "Disposition"}${d.disposition.timeframeMinutes !== null && !/within/i.test(d.disposition.text ?? "") ? ` (within ${describeMinutes(d.disposition.timeframeMinutes)})` : ""}` : "Disposition not sent by 111"}
                </div>
                {d.dueAt && !d.resolution && <p className="text-sm font-bold">111 deadline: be seen by {formatLondonTimeOn(new Date(d.dueAt), today)}</p>}
                <WalkInFlags row={d} seesClinical={seesClinical} />
                {d.samePatient?.map((m) => (
                  <p key={m.bookingId} className="mt-1 border-l-4 border-nhs-red pl-2 text-sm font-bold">
                    {m.match === "same" ? "Same patient" : "Possible same patient: check before treating as one"}: booked for {formatLondonTimeOn(new Date(m.start), today)} ({m.evidence}).{" "}
                    <Link href={`/arrivals/${m.bookingId}`}>Open the booking</Link>
                  </p>
                ))}
                <p className="text-sm font-bold">
                  {walkInResolutionText(d, today) ?? "Not yet arrived: open it to record the arrival, or close it with a reason"}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function WalkInFlags({ row: d, seesClinical }: { row: DocumentListRow; seesClinical: boolean }) {
  // Whether the report could be read is not clinical content; its safeguarding signs and disposition are.
  const flags = [
    seesClinical && d.safeguarding === "possible-concern" ? SAFEGUARDING_FLAG_TEXT["possible-concern"] : null,
    seesClinical && d.disposition?.notUsuallyEd ? DISPOSITION_NOT_USUALLY_ED_TEXT : null,
    d.noClinicalContent ? NO_CLINICAL_CONTENT_TEXT : null,
  ].filter((f): f is string => f !== null);
  if (flags.length === 0) return null;
  return (
    <ul className="mt-1 text-sm font-bold text-nhs-dark-red">
      {flags.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  );
}
