import Link from "next/link";
import type { SamePatientBooking } from "@/lib/arrivals/same-patient";
import { EVIDENCE_FIELDS, evidenceWords } from "@/lib/arrivals/same-patient-rules";
import { statusWords } from "@/lib/arrivals/board-text";
import { ageOn, describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDateTime, formatLondonTimeOn, londonParts, type LondonDate } from "@/lib/time/london";
import { DecideSamePatientForm, UndoSamePatientForm } from "./SamePatientForms";

const DOOR_NAME = { bars: "BaRS", uec: "the UEC Booking Standard" } as const;

type Me = SamePatientBooking["patient"];

/**
 * The other bookings of this patient (HAZ-140), whichever 111 door booked them: one patient when verified NHS numbers
 * and the other details agree, or a person said so; otherwise a possible match with the evidence, for a person to
 * answer. Each booking keeps its own summary: the link opens the other booking, where its summary is shown.
 */
export function SamePatientSection({ bookingId, me, items, today }: { bookingId: string; me: Me; items: SamePatientBooking[]; today: LondonDate }) {
  if (items.length === 0) return null;
  const same = items.filter((i) => i.link.state === "same-patient");
  const possible = items.filter((i) => i.link.state === "possible-match");
  const different = items.filter((i) => i.link.state === "different-patients");
  return (
    <section aria-labelledby="same-patient-h" className="mt-6 border-l-8 border-nhs-red bg-white p-4">
      <h2 id="same-patient-h">This patient&apos;s other bookings</h2>
      {same.length > 0 && (
        <>
          <h3>One patient, {same.length === 1 ? "another booking" : `${same.length} other bookings`}</h3>
          <ul className="space-y-3" data-testid="same-patient">
            {same.map((o) => (
              <li key={o.bookingId} className="border-l-4 border-nhs-grey-3 pl-3">
                <OtherBooking o={o} today={today} />
                <p>
                  {o.link.state === "same-patient" && o.link.how === "verified-nhs-number"
                    ? "The same patient: the NHS number is verified on both bookings and the name, birth date and sex agree."
                    : o.link.state === "same-patient" && o.link.how === "confirmed"
                      ? `Confirmed as the same patient by ${o.link.decision.decidedByName}, ${formatLondonDateTime(o.link.decision.decidedAt)}.`
                      : ""}
                </p>
                {o.link.state === "same-patient" && o.link.how === "confirmed" && <UndoSamePatientForm bookingId={bookingId} decisionId={o.link.decision.id} />}
              </li>
            ))}
          </ul>
        </>
      )}
      {possible.length > 0 && (
        <>
          <h3>Possibly the same patient: not confirmed</h3>
          <p>These bookings look like this patient&apos;s but the system cannot be sure, so they are not shown as one patient. Compare the details and answer. Until someone does, read each booking&apos;s 111 summary as possibly another person&apos;s.</p>
          <ul className="space-y-4" data-testid="possible-same-patient">
            {possible.map((o) => (
              <li key={o.bookingId} className="border-l-4 border-nhs-warm-yellow pl-3">
                <OtherBooking o={o} today={today} />
                <Evidence me={me} o={o} />
                <DecideSamePatientForm bookingId={bookingId} otherBookingId={o.bookingId} />
              </li>
            ))}
          </ul>
        </>
      )}
      {different.length > 0 && (
        <>
          <h3>Checked: different patients</h3>
          <ul className="space-y-3">
            {different.map((o) => (
              <li key={o.bookingId} className="border-l-4 border-nhs-grey-3 pl-3">
                <OtherBooking o={o} today={today} />
                {o.link.state === "different-patients" && (
                  <>
                    <p>
                      Not the same patient, said {o.link.decision.decidedByName}, {formatLondonDateTime(o.link.decision.decidedAt)}.
                    </p>
                    <UndoSamePatientForm bookingId={bookingId} decisionId={o.link.decision.id} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function OtherBooking({ o, today }: { o: SamePatientBooking; today: LondonDate }) {
  const nhs = describeNhsNumber(o.patient.nhsNumber, o.patient.nhsNumberStatus);
  const age = ageOn(o.patient.birthDate, londonParts(o.start).date);
  return (
    <>
      <p className="font-bold">
        <Link href={`/arrivals/${o.bookingId}`}>
          {o.patient.given} {o.patient.family.toUpperCase()}, arriving {formatLondonTimeOn(o.start, today)}
        </Link>
      </p>
      <p className="text-sm">
        {o.serviceName}, booked through {DOOR_NAME[o.door]} by {o.bookingOrg ?? "an organisation not known"} · {statusWords(o.status, age)} · 111 summary {o.summaryReceived ? "received: open the booking to read it" : "not received"}
      </p>
      <p className="text-sm">
        Born {formatBirthDate(o.patient.birthDate)} · {GENDER_LABEL[o.patient.gender] ?? o.patient.gender} · NHS number {nhs.text} ({nhs.note})
      </p>
    </>
  );
}

function Evidence({ me, o }: { me: Me; o: SamePatientBooking }) {
  const shown = (p: Me, f: (typeof EVIDENCE_FIELDS)[number]) => {
    if (f === "nhsNumber") {
      const n = describeNhsNumber(p.nhsNumber, p.nhsNumberStatus);
      return `${n.text} (${n.note})`;
    }
    if (f === "birthDate") return formatBirthDate(p.birthDate);
    if (f === "familyName") return p.family || "Not sent";
    if (f === "givenName") return p.given || "Not sent";
    return GENDER_LABEL[p.gender] ?? p.gender;
  };
  return (
    <table className="my-2 w-full border-collapse text-left text-sm">
      <caption className="text-left font-bold">What agrees and what does not</caption>
      <thead>
        <tr className="border-b-2 border-nhs-grey-3">
          <th scope="col" className="p-1">Detail</th>
          <th scope="col" className="p-1">This booking</th>
          <th scope="col" className="p-1">The other booking</th>
          <th scope="col" className="p-1">Comparison</th>
        </tr>
      </thead>
      <tbody>
        {EVIDENCE_FIELDS.map((f) => {
          const e = evidenceWords(f, o.link.evidence[f]);
          const unverified = f === "nhsNumber" && e.agrees && !(describeNhsNumber(me.nhsNumber, me.nhsNumberStatus).verified && describeNhsNumber(o.patient.nhsNumber, o.patient.nhsNumberStatus).verified);
          const w = unverified ? { ...e, agrees: false, words: `${e.words}, but not verified on both bookings` } : e;
          return (
            <tr key={f} className="border-b border-nhs-grey-4" data-evidence={f} data-agrees={w.agrees}>
              <th scope="row" className="p-1">{w.label}</th>
              <td className="p-1">{shown(me, f)}</td>
              <td className="p-1">{shown(o.patient, f)}</td>
              <td className={`p-1 ${w.agrees ? "" : "font-bold"}`}>{w.words}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
