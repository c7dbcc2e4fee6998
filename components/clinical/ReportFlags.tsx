import type { ClinicalDocument } from "@/lib/clinical/cda/types";
import { DISPOSITION_NOT_USUALLY_ED_TEXT } from "@/lib/clinical/classify-report-route";
import { NO_CLINICAL_CONTENT_TEXT, SAFEGUARDING_FLAG_TEXT, summariseDocument } from "@/lib/clinical/document-summary";
import { Notice } from "@/components/ui/Notice";

/**
 * What a clinician must see before reading a 111 report: a possible safeguarding concern (with what
 * raised it, so it is a prompt to read rather than a verdict), a disposition that does not usually bring
 * the patient to an ED, and a report with nothing readable in it. Shown above the summary on the booking
 * and document pages; the same words appear on the board.
 */
export function ReportFlags({ document: doc }: { document: ClinicalDocument }) {
  const s = summariseDocument(doc);
  return (
    <>
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
