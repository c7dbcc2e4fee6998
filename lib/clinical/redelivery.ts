import { documentIdKey } from "./cda/parse-clinical-document";
import type { ClinicalDocument } from "./cda/types";

/**
 * What to do with a document that may have been seen before. ITK senders retry, so the same document
 * arrives again; 111 also issues corrected versions of a report (same setId, higher versionNumber).
 *
 * - same id + same content hash → duplicate: nothing to do (idempotent)
 * - same id + different content + higher version in the same set → replacement that supersedes
 * - a new id whose set (or relatedDocument RPLC parent) is known:
 *     higher version → replacement; lower → stale (kept, already superseded); equal → conflict
 * - same id + different content otherwise → conflict, for a person to review
 *
 * The UEC booking guidance forbids replacing a report once it is linked to a booking; a replacement of a
 * linked report is still a replacement, but says so (`affectsLinkedBooking`) so the caller can ask for review.
 */
export interface StoredDocument {
  recordId: string;
  documentId: string;
  setId: string | null;
  versionNumber: number | null;
  contentSha256: string;
  /** True when a later version already superseded it. */
  superseded?: boolean;
  linkedBookingId?: string | null;
}

export interface IncomingDocument {
  documentId: string;
  setId: string | null;
  versionNumber: number | null;
  contentSha256: string;
  /** relatedDocument[@typeCode='RPLC']/parentDocument/id/@root, when sent. */
  replacesDocumentId?: string | null;
}

export type RedeliveryDecision =
  | { kind: "new" }
  | { kind: "duplicate"; existing: StoredDocument }
  | { kind: "replacement"; supersedes: StoredDocument[]; affectsLinkedBooking: boolean; linkedBookingIds: string[] }
  | { kind: "stale"; supersededBy: StoredDocument }
  | { kind: "conflict"; reason: string; existing: StoredDocument[] };

export function incomingDocument(doc: ClinicalDocument, contentSha256: string): IncomingDocument {
  return {
    documentId: doc.id.root,
    setId: doc.setId,
    versionNumber: doc.versionNumber,
    contentSha256,
    replacesDocumentId: doc.replaces?.id ?? null,
  };
}

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && documentIdKey(a) === documentIdKey(b);

/**
 * Classifies an incoming document against the stored ones the caller found with the same document id,
 * the same setId, or the id it says it replaces.
 */
export function classifyRedelivery(incoming: IncomingDocument, stored: StoredDocument[]): RedeliveryDecision {
  const sameId = stored.filter((s) => same(s.documentId, incoming.documentId));
  const duplicate = sameId.find((s) => s.contentSha256.toLowerCase() === incoming.contentSha256.toLowerCase());
  if (duplicate) return { kind: "duplicate", existing: duplicate };

  const version = incoming.versionNumber;
  const inSet = stored.filter((s) => same(s.setId, incoming.setId) || same(s.documentId, incoming.replacesDocumentId));

  if (sameId.length > 0) {
    const replaces =
      version !== null &&
      sameId.every((s) => same(s.setId, incoming.setId) && s.versionNumber !== null && version > s.versionNumber);
    if (replaces) return replacement(inSet.filter((s) => s.versionNumber === null || s.versionNumber < version));
    return { kind: "conflict", reason: conflictReason(incoming, sameId), existing: sameId };
  }

  if (inSet.length === 0) return { kind: "new" };
  if (version === null) return { kind: "conflict", reason: "A document in a known set arrived without a version number", existing: inSet };
  const versions = inSet.map((s) => s.versionNumber ?? -1);
  const highest = Math.max(...versions);
  if (version > highest) return replacement(inSet);
  if (version < highest) return { kind: "stale", supersededBy: inSet[versions.indexOf(highest)] };
  return { kind: "conflict", reason: `Two different documents claim version ${version} of the same set`, existing: inSet.filter((s) => s.versionNumber === version) };
}

function replacement(supersedes: StoredDocument[]): RedeliveryDecision {
  const current = supersedes.filter((s) => !s.superseded);
  const linkedBookingIds = [...new Set(current.map((s) => s.linkedBookingId).filter((b): b is string => !!b))];
  return { kind: "replacement", supersedes: current, affectsLinkedBooking: linkedBookingIds.length > 0, linkedBookingIds };
}

function conflictReason(incoming: IncomingDocument, sameId: StoredDocument[]): string {
  if (sameId.some((s) => !same(s.setId, incoming.setId))) return "The same document id arrived with different content and a different setId";
  if (incoming.versionNumber === null) return "The same document id arrived with different content and no version number";
  return "The same document id arrived with different content without a higher version number";
}
