import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/auth/guard";
import { viewDocumentForReview, type DocumentReview, type ReviewCandidate } from "@/lib/clinical/list-documents";
import type { Agreement, FieldComparison } from "@/lib/clinical/match-document";
import type { NameLevel } from "@/lib/clinical/match-names";
import { DOCUMENT_STATE_TEXT, LINKABLE_STATES, REVIEW_REASON_TEXT } from "@/lib/clinical/store/document-states";
import { DISPOSITION_NOT_USUALLY_ED_TEXT } from "@/lib/clinical/classify-report-route";
import { NotFound } from "@/lib/errors";
import { describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDateTime } from "@/lib/time/london";
import { ClinicalSummary } from "@/components/clinical/ClinicalSummary";
import { ReportFlags } from "@/components/clinical/ReportFlags";
import { CloseNoFurtherActionForm, LinkToBookingForm, ReferralWithoutBookingForm, RelinkForm, ResolveWalkInForms, UnlinkForm } from "@/components/clinical/ReviewForms";
import { describeChangedParts } from "@/lib/clinical/changed-parts";
import { Notice } from "@/components/ui/Notice";

export const metadata: Metadata = { title: "Check a clinical document" };
export const dynamic = "force-dynamic";

const NAME_LEVEL_TEXT: Record<NameLevel, string> = {
  exact: "Same",
  tolerant: "Same once accents, capitals, spaces and punctuation are ignored",
  "first-name": "Only partly the same: one has more given names",
  initial: "Only the initial is the same",
};

function comparedText(f: FieldComparison): string {
  return f.agreement === "match" && f.level ? NAME_LEVEL_TEXT[f.level] : AGREEMENT_TEXT[f.agreement];
}

const AGREEMENT_TEXT: Record<Agreement, string> = {
  match: "Same",
  mismatch: "Different",
  "missing-in-document": "Not in the report",
  "missing-in-booking": "Not in the booking",
  "missing-in-both": "In neither",
};

export default async function DocumentReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requirePageRole(["clerk", "clinician"]);
  const { id } = await params;
  let r: DocumentReview;
  try {
    r = await viewDocumentForReview(id, staff);
  } catch (e) {
    if (e instanceof NotFound) notFound();
    throw e;
  }
  const p = r.reportPatient;
  const linkable = LINKABLE_STATES.includes(r.row.state);
  return (
    <>
      <p className="mb-4">
        <Link href="/documents">Back to clinical documents</Link>
      </p>
      <h1>Check a 111 report</h1>
      <p className="mb-2">
        Received {formatLondonDateTime(new Date(r.row.receivedAt))} from {r.row.sender ?? "an unnamed 111 service"}. Status: <strong>{DOCUMENT_STATE_TEXT[r.row.state]}</strong>
        {r.row.bookingId && (
          <>
            {" "}
            (<Link href={`/arrivals/${r.row.bookingId}`}>open the booking</Link>)
          </>
        )}
      </p>
      {r.row.state === "needs-review" && (
        <Notice tone="warning" title={r.row.reviewReason ? REVIEW_REASON_TEXT[r.row.reviewReason] : "This report needs checking"}>
          {r.row.reviewNote ?? "Compare the patient details below with each booking before attaching the report."}
        </Notice>
      )}
      {r.replaces && (
        <Notice tone="danger" title="This is a changed version of a report already attached to a booking">
          {r.replaces.parts.length ? `What changed: ${describeChangedParts(r.replaces.parts)}. ` : ""}The booking shows the earlier version until you confirm this one.{" "}
          {r.replaces.bookingId && <Link href={`/arrivals/${r.replaces.bookingId}?document=${r.replaces.recordId}`}>See the earlier version on the booking</Link>}
        </Notice>
      )}
      {r.row.closedNoAction && (
        <Notice title="Closed by a clinician: no further action">
          {r.row.closedNoAction.reason ?? "No reason recorded"} (closed {formatLondonDateTime(new Date(r.row.closedNoAction.at))}). If the patient is coming here after all, attach the report to their
          booking below.
        </Notice>
      )}
      {r.row.state === "booking-cancelled" && (
        <Notice tone="warning" title="The booking this report came with was cancelled">
          It could not yet be matched to another booking. Attach it to the patient&apos;s other booking below, or record it as a referral without a booking.
        </Notice>
      )}
      {r.row.cancelledBookingId && (
        <p className="mb-4">
          This report came with a booking that was cancelled: <Link href={`/arrivals/${r.row.cancelledBookingId}`}>open the cancelled booking</Link>.
        </p>
      )}
      {r.row.state === "information" && (
        <Notice title="For information: not an expected walk-in">
          {r.row.informationReason ?? r.row.reviewNote ?? "111 sent this report for information."} If the patient is coming here after all, attach the report to their booking below,
          or record them as an expected walk-in.
        </Notice>
      )}
      {/* Clinicians see this with the report's other flags, above the report. */}
      {!r.clinical && r.row.disposition?.notUsuallyEd && r.row.state !== "information" && (
        <Notice tone="warning" title={DISPOSITION_NOT_USUALLY_ED_TEXT}>
          111 sent this report to this Emergency Department with the disposition “{r.row.disposition.text ?? r.row.disposition.code}”. Expect the patient, and phone 111 to check where they
          were sent.
        </Notice>
      )}
      {r.row.state === "referral-without-booking" && (
        <Notice title="Expected walk-in">111 referred this patient without booking an arrival time. If a booking turns up, attach the report to it below.</Notice>
      )}
      {r.row.state === "referral-without-booking" && (
        <section aria-labelledby="walkin-resolve-h" className="mb-6 bg-white p-4">
          <h2 id="walkin-resolve-h">What happened to this walk-in</h2>
          {r.row.resolution ? (
            <p className="font-bold">
              {r.row.resolution.outcome === "arrived" ? "The patient arrived" : `Closed: ${r.row.resolution.note ?? "no longer expected"}`} (recorded {formatLondonDateTime(new Date(r.row.resolution.at))}).
            </p>
          ) : (
            <>
              <p className="mb-3">It stays on the arrivals board and this list until you record one of these.</p>
              <ResolveWalkInForms recordId={r.row.id} version={r.row.version} />
            </>
          )}
        </section>
      )}
      <section aria-labelledby="report-patient-h" className="mb-6 bg-white p-4">
        <h2 id="report-patient-h">Patient in the report</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <Field label="Name">{p.name ?? "Not sent by 111"}</Field>
          <Field label="NHS number">{p.nhsNumber ? `${describeNhsNumber(p.nhsNumber, null).text} (${p.nhsNumberProblem ? "not a valid NHS number" : p.nhsNumberVerification === "verified" ? "verified" : "not verified"})` : "Not sent by 111"}</Field>
          <Field label="Born">{p.birthDate ? formatBirthDate(p.birthDate) : "Not sent by 111"}</Field>
          <Field label="Sex">{p.gender ?? "Not sent by 111"}</Field>
          <Field label="Postcode">{p.postcode ?? "Not sent by 111"}</Field>
          <Field label="GP practice">{p.gp ?? "Not sent by 111"}</Field>
        </dl>
      </section>
      <section aria-labelledby="candidates-h" className="mb-6">
        <h2 id="candidates-h">Bookings it might belong to</h2>
        {r.candidates.length === 0 ? (
          <p className="bg-white p-4">No booking found for this patient. If 111 referred them without a booking, mark it as a referral without booking.</p>
        ) : (
          r.candidates.map((c) => <CandidateCard key={c.bookingId} c={c} r={r} linkable={linkable} />)
        )}
      </section>
      {(r.row.state === "needs-review" || r.row.state === "awaiting-booking" || r.row.state === "booking-cancelled" || r.row.state === "information") && (
        <section aria-labelledby="walkin-h" className="mb-6 bg-white p-4">
          <h2 id="walkin-h">No booking for this patient</h2>
          <ReferralWithoutBookingForm recordId={r.row.id} version={r.row.version} />
        </section>
      )}
      {(r.row.state === "needs-review" || r.row.state === "booking-cancelled") && staff.role === "clinician" && (
        <section aria-labelledby="close-h" className="mb-6 bg-white p-4">
          <h2 id="close-h">No further action</h2>
          <p className="mb-3">If this report belongs to no booking and no expected walk-in, close it with your reason. It stays in the closed list, and can still be attached later.</p>
          <CloseNoFurtherActionForm recordId={r.row.id} version={r.row.version} />
        </section>
      )}
      <DocumentHistory r={r} />
      {r.clinical && (
        <section aria-labelledby="clinical-h" className="bg-white p-4">
          <h2 id="clinical-h">The report</h2>
          <p className="mb-4 text-sm">
            <a href={`/api/documents/${r.row.id}/download`}>{r.row.source === "bars" ? "Download the referral as 111 sent it (FHIR JSON)" : "Download the original report (XML)"}</a>
          </p>
          <ReportFlags document={r.clinical} />
          <ClinicalSummary document={r.clinical} />
        </section>
      )}
    </>
  );
}

function CandidateCard({ c, r, linkable }: { c: ReviewCandidate; r: DocumentReview; linkable: boolean }) {
  const name = `${c.patient.given} ${c.patient.family.toUpperCase()}`;
  const cmp = c.comparison;
  const rows: [string, string, string, FieldComparison | null][] = [
    ["NHS number", r.reportPatient.nhsNumber ? describeNhsNumber(r.reportPatient.nhsNumber, null).text : "Not sent", c.patient.nhsNumber ? describeNhsNumber(c.patient.nhsNumber, c.patient.nhsNumberStatus).text : "Not sent", cmp.nhsNumber],
    ["Born", r.reportPatient.birthDate ? formatBirthDate(r.reportPatient.birthDate) : "Not sent", formatBirthDate(c.patient.birthDate), cmp.birthDate],
    ["Family name", cmp.familyName.document ?? "Not sent", c.patient.family, cmp.familyName],
    ["Given name", cmp.givenName.document ?? "Not sent", c.patient.given, cmp.givenName],
    ["Sex", r.reportPatient.gender ?? "Not sent", GENDER_LABEL[c.patient.gender] ?? c.patient.gender, cmp.sex],
    ["Postcode", r.reportPatient.postcode ?? "Not sent", c.patient.postcode ?? "Not sent", null],
  ];
  const canMoveHere = r.row.state === "linked" && !c.attached && c.status === "booked";
  return (
    <div className={`mb-4 border-l-8 bg-white p-4 ${cmp.agree ? "border-nhs-green" : "border-nhs-red"}`}>
      <h3>
        <Link href={`/arrivals/${c.bookingId}`}>{name}</Link>, {formatLondonDateTime(c.start)}, {c.serviceName}
        {c.status !== "booked" ? " (cancelled)" : ""}
      </h3>
      {c.attached && <p className="mb-2 font-bold">The report is attached to this booking.</p>}
      <p className="mb-2 font-bold">{cmp.agree && cmp.strength === "exact" ? "The details agree." : cmp.agree ? "The details agree, but not exactly: check carefully." : "The details do not all agree: check carefully."}</p>
      {cmp.problem && <p className="mb-2">{cmp.problem.message}.</p>}
      <table className="mb-3 w-full border-collapse text-left text-sm">
        <caption className="sr-only">Report and booking side by side</caption>
        <thead>
          <tr className="border-b border-nhs-grey-3">
            <th scope="col" className="py-1 pr-2">Detail</th>
            <th scope="col" className="py-1 pr-2">In the report</th>
            <th scope="col" className="py-1 pr-2">In the booking</th>
            <th scope="col" className="py-1">Compared</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, doc, booking, agreement]) => (
            <tr key={label} className="border-b border-nhs-grey-4">
              <th scope="row" className="py-1 pr-2 font-bold">
                {label}
              </th>
              <td className="py-1 pr-2">{doc}</td>
              <td className="py-1 pr-2">{booking}</td>
              <td className={`py-1 ${agreement?.agreement === "mismatch" ? "font-bold text-nhs-red" : ""}`}>{agreement ? comparedText(agreement) : "Not compared"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {[cmp.nhsNumber.note, cmp.sex.note].filter(Boolean).map((n) => (
        <p key={n} className="mb-2 text-sm">
          {n}
        </p>
      ))}
      {linkable && c.status === "booked" && <LinkToBookingForm recordId={r.row.id} bookingId={c.bookingId} version={r.row.version} label={name} replacement={r.replaces?.bookingId === c.bookingId} />}
      {c.attached && (
        <div className="mt-3 border-t border-nhs-grey-4 pt-3">
          <h4 className="font-bold">Attached to the wrong booking?</h4>
          <p className="mb-2 text-sm">Move it to the right booking below, or remove it from this one. Both are recorded with your name and reason.</p>
          <UnlinkForm recordId={r.row.id} version={r.row.version} />
        </div>
      )}
      {canMoveHere && <RelinkForm recordId={r.row.id} bookingId={c.bookingId} version={r.row.version} label={name} />}
    </div>
  );
}

function DocumentHistory({ r }: { r: DocumentReview }) {
  const { entries, bookings } = r.history;
  const booking = (id: string | null) => {
    if (!id) return null;
    const b = bookings[id];
    return b ? (
      <Link href={`/arrivals/${b.id}`}>
        {b.name}, arriving {formatLondonDateTime(b.start)}
        {b.status !== "booked" ? " (cancelled)" : ""}
      </Link>
    ) : (
      "a booking no longer on record"
    );
  };
  return (
    <section aria-labelledby="history-h" className="mb-6 bg-white p-4">
      <h2 id="history-h">History of this report</h2>
      {entries.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <ol className="list-none space-y-2 p-0">
          {entries.map((e, i) => (
            <li key={i} className="border-l-4 border-nhs-grey-3 pl-3">
              <p>
                <strong>{formatLondonDateTime(e.at)}</strong>: {e.what}
                {e.fromBookingId && e.toBookingId && (
                  <>
                    : from {booking(e.fromBookingId)} to {booking(e.toBookingId)}
                  </>
                )}
                {e.fromBookingId && !e.toBookingId && <> (it was on {booking(e.fromBookingId)})</>}
                {!e.fromBookingId && e.toBookingId && <>: {booking(e.toBookingId)}</>}
              </p>
              <p className="text-sm">By {e.by}</p>
              {e.reason && <p className="text-sm">Reason: {e.reason}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-bold">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
