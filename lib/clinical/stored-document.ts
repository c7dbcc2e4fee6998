import { parseClinicalDocument } from "./cda/parse-clinical-document";
import type { ClinicalDocument } from "./cda/types";
import { BARS_SOURCE, readBarsContent } from "./bars/stored-bars-summary";

/**
 * A stored clinical document read into the one summary model, whichever door it came by: a CDA report (ITK or
 * upload: the XML) or a BaRS referral (source "bars": the message Bundle as JSON).
 */
export function readStoredDocument(row: { content: string; source: string; receivedAt?: Date }): ClinicalDocument {
  return row.source === BARS_SOURCE ? readBarsContent(row.content, row.receivedAt) : parseClinicalDocument(row.content);
}
