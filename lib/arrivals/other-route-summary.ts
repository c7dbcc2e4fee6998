import { createHash } from "node:crypto";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, NotFound } from "../errors";
import { closeChaseTasksAnswered } from "./summary-chase";
import { now as clockNow } from "../time/clock";

/**
 * A 111 summary that reached the ED another way (HAZ-072): e-mailed as a PDF or an HTML page, because ITK failed or
 * the booking service does not send over ITK. A clerk or clinician attaches it to the booking; it is stored as it
 * came, never parsed into the board's flags, shown as "received by another route", and every attachment and every
 * view is audited. HTML is shown only as plain text; a PDF only as a download, so neither can run in our pages.
 */
export const MAX_OTHER_ROUTE_BYTES = 5 * 1024 * 1024;
export const OTHER_ROUTE_TYPES = { "application/pdf": "PDF", "text/html": "HTML" } as const;
export type OtherRouteType = keyof typeof OTHER_ROUTE_TYPES;

export interface AttachInput {
  appointmentId: string;
  mediaType: string;
  filename: string;
  receivedHow: string;
  bytes: Uint8Array;
}

export interface OtherRouteSummaryRow {
  id: string;
  mediaType: OtherRouteType;
  filename: string;
  sizeBytes: number;
  receivedHow: string;
  uploadedByName: string;
  uploadedAt: Date;
}

function cleanFilename(name: string, type: OtherRouteType): string {
  const base = name.replace(/[^A-Za-z0-9._ -]/g, "").replace(/\s+/g, " ").trim().slice(0, 100) || "111-summary";
  const ext = type === "application/pdf" ? ".pdf" : ".html";
  return base.toLowerCase().endsWith(ext) ? base : `${base}${ext}`;
}

/** Checks what was sent is what it says it is: a PDF starts %PDF-; an HTML page is UTF-8 text. */
function checkContent(type: OtherRouteType, bytes: Uint8Array): string {
  if (type === "application/pdf") {
    if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") !== "%PDF-") throw new InvalidInput("This file is not a PDF. Choose the PDF the 111 service sent, or save the e-mail as HTML.", { file: "This file is not a PDF" });
    return Buffer.from(bytes).toString("base64");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInput("This HTML file is not readable text (UTF-8). Save it again as a web page, or as a PDF.", { file: "Not readable text" });
  }
  if (text.includes("\u0000")) throw new InvalidInput("This HTML file holds characters that cannot be stored. Save it as a PDF instead.", { file: "Not readable text" });
  if (!/<\s*(html|body|p|div|table|h[1-6]|br)\b/i.test(text)) throw new InvalidInput("This file does not look like an HTML page. Choose the HTML or PDF the 111 service sent.", { file: "Not an HTML page" });
  return text;
}

export async function attachOtherRouteSummary(input: AttachInput, actor: StaffActor, now = clockNow()): Promise<OtherRouteSummaryRow> {
  if (actor.role !== "clerk" && actor.role !== "clinician") throw new Forbidden("Only clerks and clinicians can attach a 111 summary");
  const type = input.mediaType.split(";")[0].trim().toLowerCase();
  if (!(type in OTHER_ROUTE_TYPES)) throw new InvalidInput("Attach a PDF or an HTML file", { file: "Attach a PDF or an HTML file" });
  const mediaType = type as OtherRouteType;
  if (input.bytes.byteLength === 0) throw new InvalidInput("The file is empty", { file: "The file is empty" });
  if (input.bytes.byteLength > MAX_OTHER_ROUTE_BYTES) throw new InvalidInput("The file is too large (5 MB at most)", { file: "The file is too large (5 MB at most)" });
  const receivedHow = input.receivedHow.trim().replace(/\s+/g, " ");
  if (!receivedHow) throw new InvalidInput("Say how the summary reached you, such as \"e-mailed by NHS 111 to the ED inbox\"", { receivedHow: "Say how the summary reached you" });
  if (receivedHow.length > 300) throw new InvalidInput("Keep how it reached you to 300 characters or fewer", { receivedHow: "300 characters at most" });
  const content = checkContent(mediaType, input.bytes);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");

  const row = await db().$transaction(async (tx) => {
    const booking = await tx.appointment.findUnique({ where: { id: input.appointmentId }, select: { id: true, patient: { select: { nhsNumber: true } } } });
    if (!booking) throw new NotFound("No booking with that reference");
    const same = await tx.otherRouteSummary.findUnique({ where: { appointmentId_sha256: { appointmentId: booking.id, sha256 } } });
    if (same) throw new InvalidInput("This file is already attached to this booking", { file: "Already attached" });
    const created = await tx.otherRouteSummary.create({
      data: { appointmentId: booking.id, mediaType, filename: cleanFilename(input.filename, mediaType), sizeBytes: input.bytes.byteLength, sha256, content, receivedHow, uploadedById: actor.id, uploadedByName: actor.name, uploadedAt: now },
    });
    await recordAudit(actor, { action: "summary.attach-other-route", entityType: "OtherRouteSummary", entityId: created.id, patientNhsNumber: booking.patient.nhsNumber, reason: receivedHow, detail: { bookingId: booking.id, mediaType, sizeBytes: created.sizeBytes, sha256 } }, tx);
    return created;
  });
  await closeChaseTasksAnswered(now, input.appointmentId);
  return toRow(row);
}

function toRow(r: { id: string; mediaType: string; filename: string; sizeBytes: number; receivedHow: string; uploadedByName: string; uploadedAt: Date }): OtherRouteSummaryRow {
  return { id: r.id, mediaType: r.mediaType as OtherRouteType, filename: r.filename, sizeBytes: r.sizeBytes, receivedHow: r.receivedHow, uploadedByName: r.uploadedByName, uploadedAt: r.uploadedAt };
}

export async function listOtherRouteSummaries(appointmentId: string): Promise<OtherRouteSummaryRow[]> {
  const rows = await db().otherRouteSummary.findMany({ where: { appointmentId }, orderBy: { uploadedAt: "desc" }, omit: { content: true } });
  return rows.map(toRow);
}

/**
 * One summary received by another route, for a clinician: HTML as plain text to show, PDF as bytes to download.
 * Clerks attach but do not read clinical content (HAZ-074). Every view is audited, a refusal too.
 */
export async function openOtherRouteSummary(id: string, actor: StaffActor, appointmentId?: string): Promise<{ row: OtherRouteSummaryRow; text: string | null; pdf: Buffer | null }> {
  if (actor.role !== "clinician") {
    await recordAudit(actor, { action: "summary.other-route.view", entityType: "OtherRouteSummary", entityId: id, outcome: "refused" });
    throw new Forbidden("Only clinicians can read a 111 summary");
  }
  const r = await db().otherRouteSummary.findUnique({ where: { id }, include: { appointment: { select: { patient: { select: { nhsNumber: true } } } } } });
  if (!r || (appointmentId !== undefined && r.appointmentId !== appointmentId)) throw new NotFound("No summary with that reference");
  await recordAudit(actor, { action: "summary.other-route.view", entityType: "OtherRouteSummary", entityId: r.id, patientNhsNumber: r.appointment.patient.nhsNumber, detail: { bookingId: r.appointmentId, mediaType: r.mediaType } });
  return r.mediaType === "application/pdf" ? { row: toRow(r), text: null, pdf: Buffer.from(r.content, "base64") } : { row: toRow(r), text: htmlToText(r.content), pdf: null };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * The words of an HTML page as plain text, its layout kept as line breaks. The result is only ever shown as text
 * (React escapes it), so nothing in the page can run or load: scripts, styles and comments are dropped, every
 * other tag is removed, and character references are decoded.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|head|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|div|tr|li|h[1-6]|table|section|article|header|footer|ul|ol|dl|dt|dd|blockquote|pre)\s*>/gi, "\n")
    .replace(/<\s*(td|th)\b[^>]*>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\r\f\v]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
