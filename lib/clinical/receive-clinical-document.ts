import { isUniqueViolation } from "../db/unique-violation";
import { db, type Tx } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { deploymentConfig } from "../config/deployment";
import { metrics } from "../observability/metrics";
import { logger } from "../observability/logger";
import type { XmlElement, XmlRejection } from "../xml/safe-parse";
import { ClinicalDocumentRejected, documentIdKey, parseClinicalDocument } from "./cda/parse-clinical-document";
import type { ClinicalDocument } from "./cda/types";
import { contentDigest, parseDigest, type ContentDigest } from "./content-digest";
import { summariseDocument, dispositionDueAt } from "./document-summary";
import { DEFAULT_ITK_LIMITS, parseItkMessage, type ItkMessage } from "../doors/itk/itk";
import { ItkRejected } from "../doors/itk/itk-errors";
import { classifyRedelivery, documentContentHash, incomingDocument, matchDocument, serializeXml, type MatchDecision, type RedeliveryDecision, type StoredDocument } from "./match-document";
import type { DocumentState, ReviewReason } from "./store/document-states";
import { findBookingCandidates } from "./store/find-booking-candidates";
import { now as clockNow } from "../time/clock";
import { checkAddressedHere, classifyReportRoute, type ReportAddressing, type ReportRoute } from "./classify-report-route";
import { ourAddresses } from "./store/our-addresses";

/**
 * Receives 111 reports (over ITK or uploaded by a clerk) into the database.
 *
 * Every document is read and hashed before anything is stored, so a message with an unreadable document
 * stores nothing (the sender is told, and retries the whole message). Then, per document, in one
 * transaction: re-delivery classification against what is stored under the same id / set, the safe
 * booking match, the row itself, the earlier versions it supersedes, and the audit event.
 */
export type ReceiveSource = "itk" | "upload";

export interface ReceiveContext {
  source: ReceiveSource;
  actor: Actor;
  itk?: { trackingId?: string | null; messageId?: string | null };
  now?: Date;
  fhirBaseUrl?: string;
  /** The ITK envelope's address list and interaction, as the door read them; null or absent for an upload. */
  addressing?: ReportAddressing | null;
}

export interface ReceivedDocument {
  /** The stored row (for a duplicate, the row already stored). */
  recordId: string;
  documentId: string;
  outcome: "stored" | "duplicate";
  redelivery: RedeliveryDecision["kind"];
  state: DocumentState;
  bookingId: string | null;
  reviewReason: ReviewReason | null;
}

interface Prepared {
  doc: ClinicalDocument;
  contentSha256: string;
  content: string;
  digest: ContentDigest;
}

/** Parses and hashes one ClinicalDocument element; throws ClinicalDocumentRejected when unusable. */
function prepare(element: XmlElement): Prepared {
  const doc = parseClinicalDocument(element);
  return { doc, contentSha256: documentContentHash(element), content: serializeXml(element), digest: contentDigest(doc) };
}

/** An upload is held to the size an ITK message may have, so a report refused over ITK is not let in by hand. */
export const MAX_UPLOADED_DOCUMENT_BYTES = DEFAULT_ITK_LIMITS.maxMessageBytes;

/** A bare ClinicalDocument (clerk upload). Malformed XML, a DOCTYPE (XXE) or a non-document is refused; nothing is stored. */
export async function receiveUploadedDocument(xml: string, ctx: Omit<ReceiveContext, "source">): Promise<ReceivedDocument> {
  try {
    const message = parseItkMessage(xml);
    if (message.kind !== "clinical-document") {
      throw new ClinicalDocumentRejected("not-a-clinical-document", "Upload a ClinicalDocument XML file, not an ITK message");
    }
    const [received] = await receiveClinicalDocuments(message, { ...ctx, source: "upload" });
    return received;
  } catch (e) {
    // A clerk reads what to do, not the XML parser's words ("7:48: text data outside of root node").
    if (e instanceof ClinicalDocumentRejected) throw new ClinicalDocumentRejected(e.reason, uploadProblemText(e.reason));
    if (e instanceof ItkRejected) throw new ClinicalDocumentRejected(XML_REJECTIONS.has(e.reason) ? (e.reason as XmlRejection) : e.reason === "payload-too-large" ? "too-large" : "malformed", uploadProblemText(e.reason));
    throw e;
  }
}

const XML_REJECTIONS: ReadonlySet<string> = new Set<XmlRejection>(["doctype", "too-large", "too-deep", "too-many-nodes", "malformed", "empty"]);

/** What a clerk reads when an uploaded file is refused: plain English, with what to do next. */
export function uploadProblemText(reason: string): string {
  if (reason === "too-large" || reason === "payload-too-large") return "The file is too large (5 MB at most)";
  if (reason === "not-a-clinical-document" || reason === "not-itk") return "The file is not a 111 report. Choose the ClinicalDocument XML file 111 sent, not an ITK message or another document.";
  if (reason === "doctype") return "The file is not a valid clinical document (CDA XML): it has a DOCTYPE line, which is never accepted because it can be used to attack the system. Ask the 111 service to send the report again.";
  if (reason === "missing-id") return "The file is a clinical document without an identifier, so it cannot be matched to a booking. Ask the 111 service to send it again.";
  return "The file is not a valid clinical document (CDA XML). Check you chose the right file; if it is the file 111 sent, ask them to send it again.";
}

export async function receiveClinicalDocuments(message: ItkMessage, ctx: ReceiveContext): Promise<ReceivedDocument[]> {
  const prepared = message.payloads.map((p) => prepare(p.document));
  const routing = deploymentConfig().reportRouting;
  // A message for another service is refused whole, before anything is stored: its sender must re-route it.
  if (ctx.source === "itk") checkAddressedHere(ctx.addressing ?? null, await ourAddresses(db(), routing));
  const now = ctx.now ?? clockNow();
  const out: ReceivedDocument[] = [];
  for (const p of prepared) out.push(await receiveWithRetry(p, { ...ctx, now }, routeOf(p.doc, ctx, now, routing.maxEncounterAgeHours)));
  return out;
}

/**
 * A clerk's upload is always for action: a person chose to bring it in. What 111 systems push is routed
 * on its addressing and on how long ago the call was.
 */
function routeOf(doc: ClinicalDocument, ctx: ReceiveContext, now: Date, maxEncounterAgeHours: number): ReportRoute {
  if (ctx.source !== "itk") return { kind: "for-action" };
  const callStartedAt = doc.encounter?.start?.instant ?? doc.effectiveTime?.instant ?? null;
  return classifyReportRoute({ addressing: ctx.addressing ?? null, callStartedAt, receivedAt: now, maxEncounterAgeHours });
}

/** Two deliveries of one document racing: the loser's insert hits the unique key and is retried as a duplicate. */
async function receiveWithRetry(p: Prepared, ctx: ReceiveContext, route: ReportRoute): Promise<ReceivedDocument> {
  try {
    return await receiveOne(p, ctx, route);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return receiveOne(p, ctx, route);
  }
}

function storedView(rows: { id: string; documentId: string; setId: string | null; versionNumber: number | null; contentSha256: string; state: string; appointmentId: string | null }[]): StoredDocument[] {
  return rows.map((r) => ({
    recordId: r.id,
    documentId: r.documentId,
    setId: r.setId,
    versionNumber: r.versionNumber,
    contentSha256: r.contentSha256,
    superseded: r.state === "superseded",
    linkedBookingId: r.state === "linked" ? r.appointmentId : null,
  }));
}

async function receiveOne(p: Prepared, ctx: ReceiveContext, route: ReportRoute): Promise<ReceivedDocument> {
  const now = ctx.now ?? clockNow();
  const fhirBaseUrl = ctx.fhirBaseUrl ?? deploymentConfig().fhirBaseUrl;
  const { doc } = p;
  const key = documentIdKey(doc.id.root);
  const setKey = doc.setId ? documentIdKey(doc.setId) : null;
  const replacesKey = doc.replaces?.id ? documentIdKey(doc.replaces.id) : null;

  const result = await db().$transaction(async (tx) => {
    const existing = await tx.clinicalDocument.findMany({
      where: { OR: [{ documentId: { in: [key, ...(replacesKey ? [replacesKey] : [])] } }, ...(setKey ? [{ setId: setKey }] : [])] },
      select: { id: true, documentId: true, setId: true, versionNumber: true, contentSha256: true, state: true, appointmentId: true },
    });
    const stored = storedView(existing);
    const redelivery = classifyRedelivery(incomingDocument(doc, p.contentSha256), stored);

    if (redelivery.kind === "duplicate") {
      const row = existing.find((r) => r.id === redelivery.existing.recordId)!;
      // The same report sent first as a copy and then to us as primary recipient: the second says act on it.
      const nowForAction = row.state === "information" && route.kind === "for-action";
      if (nowForAction) {
        await tx.clinicalDocument.updateMany({
          where: { id: row.id, state: "information" },
          data: { state: "awaiting-booking", reviewNote: null, stateChangedAt: now, summaryJson: JSON.stringify({ ...summariseDocument(doc), route }), version: { increment: 1 } },
        });
      }
      const state = (nowForAction ? "awaiting-booking" : row.state) as DocumentState;
      await recordAudit(ctx.actor, auditInput("document.receive-duplicate", row.id, doc, { state, from: nowForAction ? row.state : undefined, route: route.kind, source: ctx.source, ...routeDetail(ctx), ...itkDetail(ctx) }), tx);
      return { recordId: row.id, documentId: key, outcome: "duplicate" as const, redelivery: redelivery.kind, state, bookingId: row.appointmentId, reviewReason: null };
    }

    const previouslyLinkedIds = redelivery.kind === "replacement" ? redelivery.linkedBookingIds : [];
    const { candidates, appointmentIds } = await findBookingCandidates(tx, doc, { fhirBaseUrl, previouslyLinkedIds, now });
    const match = matchDocument(doc, candidates);
    const changesLinked = redelivery.kind === "replacement" && redelivery.affectsLinkedBooking ? await changesLinkedReport(tx, redelivery.supersedes, p.digest) : false;
    const decided = decideState(redelivery, match, changesLinked, route);

    const row = await tx.clinicalDocument.create({
      data: {
        documentId: key,
        setId: setKey,
        versionNumber: doc.versionNumber,
        contentSha256: p.contentSha256,
        content: p.content,
        source: ctx.source,
        state: decided.state,
        appointmentId: decided.bookingId,
        supersededById: redelivery.kind === "stale" ? redelivery.supersededBy.recordId : null,
        supersededAt: redelivery.kind === "stale" ? now : null,
        nhsNumber: doc.patient?.nhsNumber?.value ?? null,
        birthDate: doc.patient?.birthDate ?? null,
        family: doc.patient?.name?.family ?? null,
        patientName: doc.patient?.name?.text || null,
        gender: doc.patient?.gender.value ?? null,
        senderOds: doc.sender?.odsCode ?? null,
        senderName: doc.sender?.name ?? null,
        receivedAt: now,
        stateChangedAt: now,
        linkedAt: decided.state === "linked" ? now : null,
        reviewReason: decided.reviewReason,
        reviewNote: decided.reviewNote,
        candidateIds: decided.candidateIds.length ? decided.candidateIds.join(",") : null,
        appointmentRefs: appointmentIds.length ? appointmentIds.join(",") : null,
        summaryJson: JSON.stringify({ ...summariseDocument(doc), route }),
        contentDigest: JSON.stringify(p.digest),
        dispositionDueAt: dispositionDueAt(doc),
        itkTrackingId: ctx.itk?.trackingId ?? null,
        itkMessageId: ctx.itk?.messageId ?? null,
      },
    });

    if (redelivery.kind === "replacement") {
      // A report attached to a booking stays there, and stays what the clinician reads, until its replacement is
      // attached too: a replacement sent for checking supersedes only versions that were not attached.
      const supersedes = decided.state === "linked" ? redelivery.supersedes : redelivery.supersedes.filter((s) => !s.linkedBookingId);
      for (const old of supersedes) {
        await tx.clinicalDocument.updateMany({
          where: { id: old.recordId, state: { not: "superseded" } },
          data: { state: "superseded", supersededById: row.id, supersededAt: now, stateChangedAt: now, version: { increment: 1 } },
        });
      }
    }

    await recordAudit(
      ctx.actor,
      auditInput("document.receive", row.id, doc, {
        state: decided.state,
        source: ctx.source,
        redelivery: redelivery.kind,
        bookingId: decided.bookingId,
        reviewReason: decided.reviewReason,
        supersedes: redelivery.kind === "replacement" ? redelivery.supersedes.map((s) => s.recordId) : undefined,
        changesLinkedReport: changesLinked || undefined,
        route: route.kind,
        informationReason: route.kind === "information" ? route.reason : undefined,
        ...routeDetail(ctx),
        ...itkDetail(ctx),
      }),
      tx,
    );
    return { recordId: row.id, documentId: key, outcome: "stored" as const, redelivery: redelivery.kind, state: decided.state, bookingId: decided.bookingId, reviewReason: decided.reviewReason };
  });

  metrics().documents.inc({ state: result.outcome === "duplicate" ? "duplicate" : result.state });
  logger().info({ documentRecord: result.recordId, state: result.state, outcome: result.outcome, redelivery: result.redelivery, source: ctx.source }, "clinical document received");
  return result;
}

interface Decided {
  state: DocumentState;
  bookingId: string | null;
  reviewReason: ReviewReason | null;
  reviewNote: string | null;
  candidateIds: string[];
}

/**
 * Whether a replacement says something clinically different from the attached version it would replace. A stored
 * version without a digest (received before digests were kept) is read again from its XML.
 */
async function changesLinkedReport(tx: Tx, supersedes: StoredDocument[], digest: ContentDigest): Promise<boolean> {
  const linked = supersedes.filter((s) => s.linkedBookingId).map((s) => s.recordId);
  if (linked.length === 0) return false;
  const rows = await tx.clinicalDocument.findMany({ where: { id: { in: linked } }, select: { contentDigest: true, content: true } });
  return rows.some((r) => (parseDigest(r.contentDigest) ?? contentDigest(parseClinicalDocument(r.content))).clinical !== digest.clinical);
}

/**
 * One state from the re-delivery classification and the booking match. The UEC Booking guidance says a report
 * attached to a booking must not simply be replaced: a replacement that changes what it says goes to a person.
 */
function decideState(redelivery: Exclude<RedeliveryDecision, { kind: "duplicate" }>, match: MatchDecision, changesLinked: boolean, route: ReportRoute): Decided {
  const candidateIds = match.state === "linked" ? [match.bookingId] : match.state === "needs-review" ? match.bookingIds : [];
  if (redelivery.kind === "stale") {
    return { state: "superseded", bookingId: null, reviewReason: null, reviewNote: "An earlier version that arrived after a later one", candidateIds };
  }
  if (redelivery.kind === "conflict") {
    return { state: "needs-review", bookingId: null, reviewReason: "conflicting-redelivery", reviewNote: redelivery.reason, candidateIds };
  }
  if (match.state === "linked" && changesLinked) {
    return {
      state: "needs-review",
      bookingId: null,
      reviewReason: "replaces-linked-report",
      reviewNote: "111 sent a changed version of the report attached to this booking. The earlier version is shown on the booking until a person confirms this one.",
      candidateIds,
    };
  }
  if (match.state === "linked") return { state: "linked", bookingId: match.bookingId, reviewReason: null, reviewNote: null, candidateIds };
  if (match.state === "needs-review") return { state: "needs-review", bookingId: null, reviewReason: match.reason, reviewNote: match.message, candidateIds };
  // A report for information still links to a booking that names it (above); it never waits to become a walk-in.
  if (route.kind === "information") return { state: "information", bookingId: null, reviewReason: null, reviewNote: route.detail, candidateIds };
  return { state: "awaiting-booking", bookingId: null, reviewReason: null, reviewNote: null, candidateIds };
}

function auditInput(action: string, recordId: string, doc: ClinicalDocument, detail: Record<string, unknown>) {
  return {
    action,
    entityType: "ClinicalDocument",
    entityId: recordId,
    patientNhsNumber: doc.patient?.nhsNumber?.value ?? null,
    detail: { documentId: doc.id.root, setId: doc.setId, versionNumber: doc.versionNumber, ...detail },
  };
}

function routeDetail(ctx: ReceiveContext) {
  return ctx.addressing ? { interaction: ctx.addressing.interactionUri, addressedTo: ctx.addressing.addresses.map((a) => `${a.kind}:${a.id}`) } : {};
}

function itkDetail(ctx: ReceiveContext) {
  return ctx.itk ? { itkTrackingId: ctx.itk.trackingId ?? null, itkMessageId: ctx.itk.messageId ?? null } : {};
}

