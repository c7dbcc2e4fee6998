import type { AllergyStatus, ClinicalDocument } from "./cda/types";
import { dispositionNotUsuallyEd, type ReportRoute } from "./classify-report-route";
import { safeguardingSignals } from "./safeguarding-signals";

/**
 * What the arrivals board shows of a received report, worked out once when it arrives so the board never
 * re-reads XML. Codes and statuses only, no narrative text. Absence is kept as absence: an allergies
 * section that was never sent is "not-sent", never "no-known-allergies".
 */
export type AllergyFlag = AllergyStatus | "not-sent";
export type SafeguardingFlag = "possible-concern" | "none-recorded" | "sent-empty" | "not-sent";

export interface DocumentSummary {
  title: string | null;
  disposition: {
    code: string | null;
    text: string | null;
    timeframeMinutes: number | null;
    timeframeText: string | null;
    /** Pharmacy, GP, dental…: shown with "Disposition not usually ED: check with 111". Absent on summaries stored before it existed. */
    notUsuallyEd?: boolean;
  } | null;
  allergies: AllergyFlag;
  safeguarding: SafeguardingFlag;
  /** What made safeguarding a possible concern, in plain English (disposition, coded entry, words in a section). */
  safeguardingReasons?: string[];
  /** The report has no readable clinical content (no body, or no section could be read): it may be incomplete. */
  noClinicalContent?: boolean;
  /** For action or for information, as decided on arrival (receive-clinical-document.ts); absent on older rows. */
  route?: ReportRoute;
  /** Sections that could not be read (the summary says so in place). */
  unreadableSections: number;
  warnings: number;
  /** BaRS referrals only: where the referral stands, its reasonable adjustments and its other flags, as sent. */
  bars?: {
    /** The referral's NHS number was sent as verified (number-present-and-verified) and passes its check. */
    nhsNumberVerified?: boolean;
    referralStatus: string;
    endedAt: string | null;
    /** Reasonable adjustments (Flag category RA), in 111's words. */
    adjustments: string[];
    /** Every other non-safeguarding flag as "Category: wording" (scene safety, infection risk, rejected services…). */
    otherFlags: string[];
  };
}

const NO_SAFEGUARDING_CONCERN = [/^no (known |current )?safeguarding (concerns?|issues?)( (identified|raised|reported))?$/, /^none( identified| raised| reported)?$/];

export function summariseDocument(doc: ClinicalDocument): DocumentSummary {
  const d = doc.encounter?.disposition ?? null;
  const signals = safeguardingSignals(doc);
  // A BaRS referral says safeguarding with Flags (category SG): a concern code, or 861931000000100 "no
  // safeguarding issues identified", which is not a concern. No SG flag at all is "not sent", never "none".
  const sg = doc.flags?.filter((f) => f.kind === "safeguarding-concern" || f.kind === "no-safeguarding-concern");
  const sectionFlag: SafeguardingFlag = sg ? (sg.some((f) => f.kind === "safeguarding-concern") ? "possible-concern" : sg.length ? "none-recorded" : "not-sent") : safeguardingFlag(doc);
  if (sg) for (const f of sg.filter((x) => x.kind === "safeguarding-concern")) signals.unshift({ source: "coded-entry", detail: `111 safeguarding flag: ${f.text}` });
  return {
    title: doc.title,
    disposition: d ? { code: d.code, text: d.displayName, timeframeMinutes: d.timeframeMinutes, timeframeText: d.timeframeText, notUsuallyEd: dispositionNotUsuallyEd(d) } : null,
    allergies: allergyFlag(doc),
    // Any sign anywhere outweighs a safeguarding section that says "none": a person must read it.
    safeguarding: signals.length ? "possible-concern" : sectionFlag,
    safeguardingReasons: signals.map((s) => s.detail),
    unreadableSections: doc.sections.filter((s) => s.problem).length,
    noClinicalContent: doc.sections.length === 0 || doc.sections.every((s) => s.problem || s.plainText.trim() === ""),
    warnings: doc.warnings.length,
    ...(doc.origin === "bars"
      ? {
          bars: {
            nhsNumberVerified: !!doc.patient?.nhsNumber?.verified && !doc.patient.nhsNumber.problem,
            referralStatus: doc.referral?.status ?? "active",
            endedAt: doc.referral?.endedAt ?? null,
            adjustments: (doc.flags ?? []).filter((f) => f.kind === "reasonable-adjustment").map((f) => f.text),
            otherFlags: (doc.flags ?? []).filter((f) => f.kind === "other" || f.kind === "rejected-services").map((f) => `${f.category}: ${f.text}`),
          },
        }
      : {}),
  };
}

/** Recorded beats not-recorded beats no-known-allergies when several allergy sections disagree. */
function allergyFlag(doc: ClinicalDocument): AllergyFlag {
  const statuses = doc.sections.filter((s) => s.kind === "allergies").map((s) => s.allergyStatus ?? "not-recorded");
  if (statuses.length === 0) return "not-sent";
  if (statuses.includes("recorded")) return "recorded";
  if (statuses.includes("not-recorded")) return "not-recorded";
  return "no-known-allergies";
}

function safeguardingFlag(doc: ClinicalDocument): SafeguardingFlag {
  const sections = doc.sections.filter((s) => s.kind === "safeguarding");
  if (sections.length === 0) return "not-sent";
  // An unreadable safeguarding section is treated as a possible concern: someone must read it.
  if (sections.some((s) => s.problem)) return "possible-concern";
  const texts = sections.map((s) =>
    s.plainText
      .toLowerCase()
      .replace(/\s+/g, " ")
      .replace(/[.!;:,\s]+$/, "")
      .trim(),
  );
  if (texts.every((t) => t === "")) return "sent-empty";
  if (texts.every((t) => t === "" || NO_SAFEGUARDING_CONCERN.some((re) => re.test(t)))) return "none-recorded";
  return "possible-concern";
}

/**
 * When 111 said the patient should be seen by: the encounter's start plus the disposition's timeframe.
 * Null when either is missing or unusable (a date without a time, no timeframe): never guessed.
 */
export function dispositionDueAt(doc: Pick<ClinicalDocument, "encounter">): Date | null {
  const start = doc.encounter?.start?.instant ?? null;
  const minutes = doc.encounter?.disposition?.timeframeMinutes ?? null;
  if (!start || minutes === null || !Number.isFinite(minutes) || minutes < 0) return null;
  return new Date(start.getTime() + minutes * 60_000);
}

export function parseSummary(json: string | null): DocumentSummary | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as DocumentSummary;
  } catch {
    return null;
  }
}

export const ALLERGY_FLAG_TEXT: Record<AllergyFlag, string> = {
  recorded: "Allergies recorded by 111",
  "no-known-allergies": "No known allergies (recorded by 111)",
  "not-recorded": "Allergies not recorded by 111: ask the patient",
  "not-sent": "Allergies not sent by 111: ask the patient",
};

export const NO_CLINICAL_CONTENT_TEXT = "The 111 report has no readable clinical content: it may be incomplete. Phone 111 for the summary";

export const SAFEGUARDING_FLAG_TEXT: Record<SafeguardingFlag, string> = {
  "possible-concern": "Possible safeguarding concern: read the summary",
  "none-recorded": "No safeguarding concern recorded by 111",
  "sent-empty": "Safeguarding section sent empty by 111",
  "not-sent": "Safeguarding not sent by 111",
};
