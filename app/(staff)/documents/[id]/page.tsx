import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/auth/guard";
import { viewDocumentForReview, type DocumentReview, type ReviewCandidate } from "@/lib/clinical/list-documents";
import type { Agreement } from "@/lib/clinical/match-document";
import { DOCUMENT_STATE_TEXT, LINKABLE_STATES, REVIEW_REASON_TEXT } from "@/lib/clinical/store/document-states";
import { DISPOSITION_NOT_USUALLY_ED_TEXT } from "@/lib/clinical/classify-report-route";
import { NotFound } from "@/lib/errors";
import { describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDateTime } from "@/lib/time/london";
import { ClinicalSummary } from "@/components/clinical/ClinicalSummary";
import { ReportFlags } from "@/components/clinical/ReportFlags";
import { LinkToBookingForm, ReferralWithoutBookingForm } from "@/components/clinical/ReviewForms";
import { Notice } from "@/components/ui/Notice";

export const metadata: Metadata = { title: "Check a clinical document" };
export const dynamic = "force-dynamic";

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
      {(r.row.state === "needs-review" || r.row.state === "awaiting-booking" || r.row.state === "information") && (
        <section aria-labelledby="walkin-h" className="mb-6 bg-white p-4">
          <h2 id="walkin-h">No booking for this patient</h2>
          <ReferralWithoutBookingForm recordId={r.row.id} version={r.row.version} />
        </section>
      )}
      {r.clinical && (
        <section aria-labelledby="clinical-h" className="bg-white p-4">
          <h2 id="clinical-h">The report</h2>
          <p className="mb-4 text-sm">
            <a href={`/api/documents/${r.row.id}/download`}>Download the original report (XML)</a>
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
  const rows: [string, string, string, Agreement | null][] = [
    ["NHS number", r.reportPatient.nhsNumber ? describeNhsNumber(r.reportPatient.nhsNumber, null).text : "Not sent", c.patient.nhsNumber ? describeNhsNumber(c.patient.nhsNumber, c.patient.nhsNumberStatus).text : "Not sent", c.comparison.nhsNumber.agreement],
    ["Born", r.reportPatient.birthDate ? formatBirthDate(r.reportPatient.birthDate) : "Not sent", formatBirthDate(c.patient.birthDate), c.comparison.birthDate.agreement],
    ["Family name", c.comparison.familyName.document ?? "Not sent", c.patient.family, c.comparison.familyName.agreement],
    ["Name", r.reportPatient.name ?? "Not sent", name, null],
    ["Sex", r.reportPatient.gender ?? "Not sent", GENDER_LABEL[c.patient.gender] ?? c.patient.gender, null],
    ["Postcode", r.reportPatient.postcode ?? "Not sent", c.patient.postcode ?? "Not sent", null],
  ];
  return (
    <div className={`mb-4 border-l-8 bg-white p-4 ${c.comparison.agree ? "border-nhs-green" : "border-nhs-red"}`}>
      <h3>
        <Link href={`/arrivals/${c.bookingId}`}>{name}</Link>, {formatLondonDateTime(c.start)}, {c.serviceName}
        {c.status !== "booked" ? " (cancelled)" : ""}
      </h3>
      <p className="mb-2 font-bold">{c.comparison.agree ? "The details agree." : "The details do not all agree: check carefully."}</p>
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
              <td className={`py-1 ${agreement === "mismatch" ? "font-bold text-nhs-red" : ""}`}>{agreement ? AGREEMENT_TEXT[agreement] : "Not compared"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.comparison.nhsNumber.note && <p className="mb-2 text-sm">{c.comparison.nhsNumber.note}</p>}
      {linkable && c.status === "booked" && <LinkToBookingForm recordId={r.row.id} bookingId={c.bookingId} version={r.row.version} label={name} />}
    </div>
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
