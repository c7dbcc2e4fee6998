/**
 * A BaRS referral's summary kept as a clinical document row (source "bars"), so the board, the walk-in list, the
 * booking page, the re-alerts and the audit treat it exactly as a CDA report (one model, two sources). The row
 * holds the whole message Bundle as JSON with where the referral stands; every version of the referral (made,
 * revoked, entered in error) is a row of its own in the same set, the earlier one superseded and kept.
 */
import { createHash } from "node:crypto";
import type { Tx } from "../../db/client";
import { contentDigest } from "../content-digest";
import { dispositionDueAt as cdaDueAt, summariseDocument } from "../document-summary";
import type { ClinicalDocument } from "../cda/types";
import { clinicalDocumentFromBars } from "./referral-summary";

export const BARS_SOURCE = "bars";

type BarsDocumentData = Parameters<Tx["clinicalDocument"]["create"]>[0]["data"];

/** What the row's content holds: the message as sent (JSON, whatever format it came in) and the referral's state. */
export interface StoredBarsContent {
  bundle: Record<string, unknown>;
  referralId: string;
  reference: string;
  versionNumber: number;
  status: string;
  endedAt: string | null;
}

export const barsSetId = (referralId: string) => `bars:${referralId}`;

/**
 * The stored referral read into the summary model. Never throws: content that cannot be read becomes a summary that
 * says so in place ("phone 111"), so a referral never silently drops out of view.
 */
export function readBarsContent(content: string, receivedAt?: Date): ClinicalDocument {
  let c: StoredBarsContent | null = null;
  try {
    c = JSON.parse(content) as StoredBarsContent;
    return clinicalDocumentFromBars(c.bundle, { recordId: c.referralId, reference: c.reference, versionNumber: c.versionNumber, receivedAt, referral: { status: c.status, endedAt: c.endedAt } });
  } catch (e) {
    const problem = `The referral 111 sent could not be read (${e instanceof Error ? e.message.slice(0, 120) : "unknown error"})`;
    const empty = clinicalDocumentFromBars({ resourceType: "Bundle", entry: [] }, { recordId: c?.referralId ?? "unknown", reference: c?.reference ?? null, receivedAt });
    return { ...empty, title: "NHS 111 referral (BaRS)", sections: [{ index: 0, depth: 0, id: null, code: null, title: "Referral", kind: "other", classifiedBy: "none", narrative: null, plainText: "", problem }] };
  }
}

/** When 111 said the patient should be seen by: the referral's occurrence end, else the call's start plus the timeframe. */
export function barsDueAt(bundle: Record<string, unknown>, doc: ClinicalDocument): Date | null {
  const sr = ((bundle.entry as { resource?: Record<string, unknown> }[] | undefined) ?? []).map((e) => e?.resource).find((r) => r?.resourceType === "ServiceRequest");
  const end = (sr?.occurrencePeriod as { end?: unknown } | undefined)?.end;
  const d = typeof end === "string" ? new Date(end) : null;
  if (d && !Number.isNaN(d.getTime())) return d;
  return cdaDueAt(doc);
}

export function barsDocumentRow(
  c: StoredBarsContent,
  place: { state: "linked" | "referral-without-booking" | "superseded"; appointmentId: string | null },
  now: Date,
): BarsDocumentData {
  const content = JSON.stringify(c);
  const doc = readBarsContent(content, now);
  const p = doc.patient;
  const summary = summariseDocument(doc);
  return {
    documentId: `${barsSetId(c.referralId)}:v${c.versionNumber}`,
    setId: barsSetId(c.referralId),
    versionNumber: c.versionNumber,
    contentSha256: createHash("sha256").update(content, "utf8").digest("hex"),
    content,
    source: BARS_SOURCE,
    state: place.state,
    appointmentId: place.appointmentId,
    nhsNumber: p?.nhsNumber?.value ?? null,
    birthDate: p?.birthDate ?? null,
    family: p?.name?.family ?? null,
    patientName: p?.name?.text || null,
    gender: p?.gender.value ?? null,
    senderOds: doc.sender?.odsCode ?? null,
    senderName: doc.sender?.name ?? null,
    receivedAt: now,
    stateChangedAt: now,
    linkedAt: place.state === "linked" ? now : null,
    summaryJson: JSON.stringify({ ...summary, route: { kind: "for-action" } }),
    contentDigest: JSON.stringify(contentDigest(doc)),
    dispositionDueAt: barsDueAt(c.bundle, doc),
  };
}
