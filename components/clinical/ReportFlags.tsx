import type { ClinicalDocument } from "@/lib/clinical/cda/types";
import { DISPOSITION_NOT_USUALLY_ED_TEXT } from "@/lib/clinical/classify-report-route";
import { NO_CLINICAL_CONTENT_TEXT, SAFEGUARDING_FLAG_TEXT, summariseDocument } from "@/lib/clinical/document-summary";
import { Notice } from "@/components/ui/Notice";
import { formatLondonDateTime } from "@/lib/time/london";

/**
 * What a clinician must see before reading a 111 report: a possible safeguarding concern (with what
 * raised it, so it is a prompt to read rather than a verdict), a disposition that does not usually bring
 * the patient to an ED, and a report with nothing readable in it. Shown above the summary on the booking
 * and document pages; the same words appear on the board.
 */
export function ReportFlags({ document: doc }: { document: ClinicalDocument }) {
  const s = summariseDocument(doc);
  const flags = doc.flags ?? [];
  const withdrawn = doc.referral && doc.referral.status !== "active" ? doc.referral : null;
  return (
    <>
      {withdrawn && (
        <Notice tone="danger" title={`111 ${withdrawn.status === "entered-in-error" ? "says this referral was entered in error" : withdrawn.status === "completed" ? "marked this referral completed" : "revoked this referral"}`}>
          {withdrawn.endedAt ? `On ${formatLondonDateTime(new Date(withdrawn.endedAt))}. ` : ""}It is shown for the record, not as a current referral. If the patient arrives, triage them as usual and phone 111 to check.
        </Notice>
      )}
      {flags
        .filter((f) => f.kind === "safeguarding-concern")
        .map((f, i) => (
          <Notice key={`sg${i}`} tone="danger" title="Safeguarding concern flagged by 111">
            {f.text}
          </Notice>
        ))}
      {flags.some((f) => f.kind === "no-safeguarding-concern") && !flags.some((f) => f.kind === "safeguarding-concern") && <p className="text-sm">111 recorded: no safeguarding issues identified.</p>}
      {flags.some((f) => f.kind === "reasonable-adjustment") && (
        <Notice tone="warning" title="Reasonable adjustments requested by 111">
          <ul className="list-disc pl-6">
            {flags
              .filter((f) => f.kind === "reasonable-adjustment")
              .map((f, i) => (
                <li key={i}>{f.text}</li>
              ))}
          </ul>
        </Notice>
      )}
      {flags.some((f) => f.kind === "other" || f.kind === "rejected-services") && (
        <Notice tone="info" title="Other flags sent by 111">
          <ul className="list-disc pl-6">
            {flags
              .filter((f) => f.kind === "other" || f.kind === "rejected-services")
              .map((f, i) => (
                <li key={i}>
                  {f.category}: {f.text}
                </li>
              ))}
          </ul>
        </Notice>
      )}
      {s.noClinicalContent && (
        <Notice tone="danger" title="This 111 report has nothing readable in it">
          {NO_CLINICAL_CONTENT_TEXT}.
        </Notice>
      )}
      {s.safeguarding === "possible-concern" && (
        <Notice tone="warning" title={SAFEGUARDING_FLAG_TEXT["possible-concern"]}>
          <p>This is a prompt to read the report, not a finding. It was raised by:</p>
          <ul className="list-disc pl-6">
            {(s.safeguardingReasons?.length ? s.safeguardingReasons : ["The report's safeguarding section"]).map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </Notice>
      )}
      {s.disposition?.notUsuallyEd && (
        <Notice tone="warning" title={DISPOSITION_NOT_USUALLY_ED_TEXT}>
          111 chose “{s.disposition.text ?? s.disposition.code}”, which does not usually send a patient to an Emergency Department. Expect the patient anyway, and phone 111 to check where
          they were sent.
        </Notice>
      )}
    </>
  );
}
