import { createHash } from "node:crypto";
import type { ClinicalDocument, ClinicalSection } from "./cda/types";
import type { ChangedPart } from "./changed-parts";
import { summariseDocument } from "./document-summary";

export type { ChangedPart } from "./changed-parts";

/**
 * What a clinician reads in a 111 report, reduced to digests, so a later version can say what changed
 * (allergies, safeguarding, disposition) without anyone re-reading XML. Identifiers, times of issue and
 * version numbers are left out: a corrected copy that says the same thing clinically is not a change.
 */
export interface ContentDigest {
  allergies: string;
  safeguarding: string;
  disposition: string;
  /** Every section and the disposition together. */
  clinical: string;
}

const hash = (parts: unknown[]) => createHash("sha256").update(JSON.stringify(parts), "utf8").digest("hex").slice(0, 32);
const words = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim().toLowerCase();
const sectionText = (s: ClinicalSection) => [s.kind, words(s.title), words(s.plainText), s.allergyStatus ?? null, s.problem ? "unreadable" : null];

export function contentDigest(doc: ClinicalDocument): ContentDigest {
  const summary = summariseDocument(doc);
  const d = doc.encounter?.disposition ?? null;
  const disposition = d ? [d.code, words(d.displayName), d.timeframeMinutes] : null;
  const of = (kind: ClinicalSection["kind"]) => doc.sections.filter((s) => s.kind === kind).map(sectionText);
  return {
    // The board's flag is part of each digest: a change in how the flag is worked out from the same text still re-alerts.
    allergies: hash([summary.allergies, of("allergies")]),
    safeguarding: hash([summary.safeguarding, of("safeguarding")]),
    disposition: hash([disposition]),
    // A BaRS referral's state is clinical news: a revoked referral re-alerts whoever read it while active.
    clinical: hash([disposition, doc.sections.map(sectionText), ...(doc.referral ? [doc.referral.status] : [])]),
  };
}

export function parseDigest(json: string | null | undefined): ContentDigest | null {
  if (!json) return null;
  try {
    const d = JSON.parse(json) as Partial<ContentDigest>;
    return d.allergies && d.safeguarding && d.disposition && d.clinical ? (d as ContentDigest) : null;
  } catch {
    return null;
  }
}

/** What differs between the version a person saw and the one now current; "other" when only the rest of the text did. */
export function changedParts(seen: ContentDigest, current: ContentDigest): ChangedPart[] {
  const parts: ChangedPart[] = [];
  if (seen.allergies !== current.allergies) parts.push("allergies");
  if (seen.safeguarding !== current.safeguarding) parts.push("safeguarding");
  if (seen.disposition !== current.disposition) parts.push("disposition");
  if (parts.length === 0 && seen.clinical !== current.clinical) parts.push("other");
  return parts;
}
