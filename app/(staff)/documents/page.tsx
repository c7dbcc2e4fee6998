import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { INFORMATION_LIST_DAYS, listDocumentsNeedingAttention, type DocumentListRow } from "@/lib/clinical/list-documents";
import { DOCUMENT_STATE_TEXT, REVIEW_REASON_TEXT } from "@/lib/clinical/store/document-states";
import { SAFEGUARDING_FLAG_TEXT } from "@/lib/clinical/document-summary";
import { describeNhsNumber, formatBirthDate } from "@/lib/format";
import { formatLondonDateTime, londonToday } from "@/lib/time/london";
import { now as clockNow } from "@/lib/time/clock";
import { UploadDocumentForm } from "@/components/clinical/UploadDocumentForm";
import { WalkInsList } from "@/components/arrivals/WalkInsList";

export const metadata: Metadata = { title: "Clinical documents" };
export const dynamic = "force-dynamic";

export default async function DocumentsPage() {
  const staff = await requirePageRole(["clerk", "clinician"]);
  const now = clockNow();
  const { needsReview, walkIns, awaiting, information, closedNoAction } = await listDocumentsNeedingAttention(staff, now);
  return (
    <>
      <h1>Clinical documents</h1>
      <p className="mb-6 max-w-3xl">
        NHS 111 sends a report for each patient. Most are attached to their booking automatically. Those below need a person: check the patient details against the
        bookings before attaching a report, because a report on the wrong booking puts one patient&apos;s history in front of another&apos;s clinician.
      </p>
      <section aria-labelledby="review-h" className="mb-8">
        <h2 id="review-h">Needs checking ({needsReview.length})</h2>
        {needsReview.length === 0 ? <p className="bg-white p-4">Nothing needs checking.</p> : <DocumentTable rows={needsReview} caption="Reports that need checking, oldest first" showReason />}
      </section>
      <WalkInsList today={londonToday(now)} rows={walkIns} seesClinical={staff.role === "clinician"} heading={`Expected walk-ins: 111 referrals without a booking (${walkIns.length})`} />
      <section aria-labelledby="awaiting-h" className="mt-8">
        <h2 id="awaiting-h">Waiting for their booking ({awaiting.length})</h2>
        <p className="mb-2">Bookings and reports arrive in either order. These are matched when the booking arrives, or become expected walk-ins after an hour.</p>
        {awaiting.length > 0 && <DocumentTable rows={awaiting} caption="Reports waiting for their booking, newest first" />}
      </section>
      <section aria-labelledby="information-h" className="mt-8">
        <h2 id="information-h">For information, not expected walk-ins ({information.length})</h2>
        <p className="mb-2">
          Copies 111 sent for information, earlier calls sent as repeat-caller history, and reports of calls too long ago to be a current referral, from the last {INFORMATION_LIST_DAYS} days.
          If one of these patients is coming here, open the report and attach it to their booking or record them as an expected walk-in.
        </p>
        {information.length > 0 && <DocumentTable rows={information} caption="Reports kept for information, newest first" showInformationReason />}
      </section>
      <section aria-labelledby="closed-h" className="mt-8">
        <h2 id="closed-h">Closed: no further action ({closedNoAction.length})</h2>
        <p className="mb-2">Reports a clinician closed with no further action, with their reason, newest first. None are removed from this list.</p>
        {closedNoAction.length > 0 && <DocumentTable rows={closedNoAction} caption="Reports closed with no further action, newest first" showClosure />}
      </section>
      {staff.role === "clerk" && (
        <section aria-labelledby="upload-h" className="mt-8">
          <h2 id="upload-h">Upload a report</h2>
          <UploadDocumentForm />
        </section>
      )}
    </>
  );
}

function DocumentTable({
  rows,
  caption,
  showReason = false,
  showInformationReason = false,
  showClosure = false,
}: {
  rows: DocumentListRow[];
  caption: string;
  showReason?: boolean;
  showInformationReason?: boolean;
  showClosure?: boolean;
}) {
  return (
    <table className="w-full border-collapse bg-white text-left">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b-2 border-nhs-grey-3">
          <th scope="col" className="p-2">Received</th>
          <th scope="col" className="p-2">Patient in the report</th>
          {showReason && <th scope="col" className="p-2">Why it needs checking</th>}
          {showInformationReason && <th scope="col" className="p-2">Why it is for information</th>}
          {showClosure && <th scope="col" className="p-2">Why it was closed</th>}
          <th scope="col" className="p-2">From</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id} className="border-b border-nhs-grey-4 align-top">
            <td className="p-2 whitespace-nowrap">{formatLondonDateTime(new Date(d.receivedAt))}</td>
            <td className="p-2">
              <Link href={`/documents/${d.id}`} className="font-bold">
                {d.patientName ?? "Name not sent"}
              </Link>
              <div className="text-sm">
                {d.birthDate ? `Born ${formatBirthDate(d.birthDate)}` : "Birth date not sent"} · NHS number {describeNhsNumber(d.nhsNumber, null).text}
              </div>
            </td>
            {showReason && (
              <td className="p-2">
                {d.reviewReason ? REVIEW_REASON_TEXT[d.reviewReason] : d.state === "needs-review" ? "Needs checking" : DOCUMENT_STATE_TEXT[d.state]}
                {d.cancelledBookingId && (
                  <div className="text-sm">
                    Came with a booking that was cancelled: <Link href={`/arrivals/${d.cancelledBookingId}`}>open the cancelled booking</Link>
                  </div>
                )}
              </td>
            )}
            {showInformationReason && (
              <td className="p-2">
                {d.informationReason ?? d.reviewNote ?? "Sent for information"}
                {d.safeguarding === "possible-concern" && <div className="font-bold text-nhs-dark-red">{SAFEGUARDING_FLAG_TEXT["possible-concern"]}</div>}
              </td>
            )}
            {showClosure && (
              <td className="p-2">
                {d.closedNoAction?.reason ?? "No reason recorded"}
                {d.closedNoAction && <div className="text-sm">Closed {formatLondonDateTime(new Date(d.closedNoAction.at))}</div>}
              </td>
            )}
            <td className="p-2">{d.sender ?? "Not known"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
