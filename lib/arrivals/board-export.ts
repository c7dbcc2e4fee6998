import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import type { DocumentListRow } from "../clinical/list-documents";
import { describeMinutes } from "../clinical/cda/disposition";
import { Forbidden } from "../errors";
import { ageOn, describeNhsNumber, formatBirthDate, GENDER_LABEL } from "../format";
import { formatLondonDateTime, londonToday, type LondonDate } from "../time/london";
import { adjustmentsText, allergyText, ageAgainstService, deadlineText, dispositionText, groupByHour, rowTime, paperSummaryChangeText, safeguardingText, statusWords, summaryText, walkInResolutionText } from "./board-text";
import type { ContactTaskRow } from "./contact-tasks";
import { queryBoard, type BoardData, type BoardWindow } from "./load-board";
import { now as clockNow } from "../time/clock";

/**
 * The board as CSV: for downtime and handover. Clinicians only, every export audited. Every time carries its date:
 * a spreadsheet sorted or filtered later has no hour headings to say which day a row is.
 */
export function boardCsv(data: BoardData): string {
  // Clinical columns only in a clinician's copy (HAZ-074); 111's deadline is a time, which everyone needs.
  const clinical = data.seesClinical;
  const header = ["Arrival time", "Patient", "Born", "Age", "Sex", "NHS number", "NHS number status", ...(clinical ? ["Reason"] : []), "Service", "Site", "Booked by", "Status", "111 summary", "Summary changed", ...(clinical ? ["Disposition"] : []), "111 deadline", ...(clinical ? ["Allergies", "Safeguarding", "Reasonable adjustments"] : []), "Same patient"];
  const lines = data.rows.map((r) => {
    const nhs = describeNhsNumber(r.patient.nhsNumber, r.patient.nhsNumberStatus);
    return [
      formatLondonDateTime(new Date(r.start)),
      r.patient.name,
      formatBirthDate(r.patient.birthDate),
      r.patient.age ?? "",
      GENDER_LABEL[r.patient.gender] ?? r.patient.gender,
      nhs.text,
      nhs.note,
      ...(clinical ? [r.description] : []),
      r.serviceName,
      r.siteName,
      r.bookingOrg ?? "Not known",
      statusWords(r.status, r.patient.age),
      summaryText(r, null),
      paperSummaryChangeText(r),
      ...(clinical ? [dispositionText(r)] : []),
      deadlineText(r, null).join(". "),
      ...(clinical ? (r.flags ? [allergyText(r.flags.allergies), safeguardingText(r.flags.safeguarding), adjustmentsCell(r)] : ["", "", ""]) : []),
      samePatientCell(r),
    ];
  });
  return csv([header, ...lines]);
}

/**
 * 111's reasonable adjustments in its own words (untrusted text: csvCell defuses formulas). A BaRS referral says
 * whether it sent any; a CDA report's adjustments are in its summary, never shown as none.
 */
function adjustmentsCell(r: BoardData["rows"][number]): string {
  const a = r.flags?.adjustments;
  if (a?.length) return a.join("; ");
  if (a) return "None sent by 111";
  return r.summary.state === "received" ? "Not flagged: read the 111 summary" : "111 summary not received";
}

/** Other active bookings of this patient, either door: one patient (verified or confirmed), or a possible match. */
export function samePatientCell(r: BoardData["rows"][number]): string {
  const same = (r.samePatient ?? []).map((o) => `Same patient has another active booking at ${formatLondonDateTime(new Date(o.start))} (${o.how === "verified-nhs-number" ? "NHS number verified on both" : `confirmed by ${o.by ?? "a member of staff"}`})`);
  const possible = (r.possibleSamePatient ?? []).map((o) => `Possibly the same patient as the booking at ${formatLondonDateTime(new Date(o.start))}: not confirmed`);
  return [...same, ...possible].join(". ");
}

export function csv(rows: unknown[][]): string {
  return rows.map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * Quotes every cell and defuses spreadsheet formulas: text starting = + - @, a tab or a carriage return, also after
 * leading spaces or line breaks (which some spreadsheets trim on import), is prefixed with '.
 */
export function csvCell(v: unknown): string {
  let s = String(v ?? "");
  if (/^[\s]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export async function exportBoardCsv(window: BoardWindow, actor: StaffActor, now = clockNow()): Promise<string> {
  if (actor.role !== "clinician") {
    await recordAudit(actor, { action: "arrivals.export", outcome: "refused", detail: { window } });
    throw new Forbidden("Only clinicians can export the arrivals list");
  }
  const data = await queryBoard(window, { staffUserId: actor.id, clinical: true }, now);
  await recordAudit(actor, { action: "arrivals.export", entityType: "Appointment", detail: { window, rows: data.rows.length, format: "csv", patients: data.rows.map((r) => r.patient.nhsNumber).filter(Boolean) } });
  return boardCsv(data);
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * Paper rules shared by the snapshot and the print view: A4 landscape, 11pt text, a new page for each day, table
 * headings repeated on every page and no row split across pages.
 */
export const PRINT_CSS = `@page{size:A4 landscape;margin:12mm}body{font-family:Arial,sans-serif;color:#000;background:#fff;font-size:11pt;line-height:1.3}table{border-collapse:collapse;width:100%}thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}th,td{border:1px solid #000;padding:3px 4px;text-align:left;vertical-align:top;font-size:10.5pt}h1{font-size:16pt}h2{font-size:14pt;margin:10px 0 4px}h3{font-size:12pt;margin:8px 0 4px}.day{break-before:page;page-break-before:always}.day:first-of-type{break-before:auto;page-break-before:auto}.day>h2{border:2px solid #000;padding:4px}.hour{break-inside:avoid-page}.warn{font-weight:bold}`;

export interface DowntimeExtras {
  walkIns: DocumentListRow[];
  openTasks: ContactTaskRow[];
}

/** A standalone, printable HTML page of the board (no scripts, no external files), every value escaped. */
export function boardHtml(data: BoardData, title: string, extras?: DowntimeExtras): string {
  const today = londonToday(new Date(data.fetchedAt));
  // Clinical columns only in a clinician's copy (HAZ-074); 111's deadline is a time, which everyone needs.
  const clinical = data.seesClinical;
  const head = `<tr><th>Arrival time</th><th>Patient</th><th>NHS number</th>${clinical ? "<th>Reason</th>" : ""}<th>Service</th><th>Status</th><th>111 summary</th><th>${clinical ? "Disposition and 111 deadline" : "111 deadline"}</th>${clinical ? "<th>Flags</th>" : ""}<th>Arrived (tick)</th></tr>`;
  const groups = groupByHour(data.rows, today);
  const days = [...new Set(groups.map((g) => g.date))].map((date) => {
    const inDay = groups.filter((g) => g.date === date);
    const hours = inDay
      .map(
        (g) =>
          `<section class="hour"><h3>${esc(g.label)} (${g.rows.length})</h3><table><thead>${head}</thead><tbody>${g.rows
            .map((r) => {
              const nhs = describeNhsNumber(r.patient.nhsNumber, r.patient.nhsNumberStatus);
              const deadline = deadlineText(r, today).map((t, i) => `${clinical || i > 0 ? "<br>" : ""}<span class="warn">${esc(t)}</span>`).join("");
              return `<tr><td><b>${esc(formatLondonDateTime(new Date(r.start)))}</b></td><td>${esc(r.patient.name)}<br>${esc(formatBirthDate(r.patient.birthDate))} (${esc(r.patient.age ?? "?")}) ${esc(GENDER_LABEL[r.patient.gender] ?? r.patient.gender)}${samePatientCell(r) ? `<br><span class="warn">${esc(samePatientCell(r))}</span>` : ""}</td><td>${esc(nhs.text)}<br>${esc(nhs.note)}</td>${clinical ? `<td>${esc(r.description)}</td>` : ""}<td>${esc(r.serviceName)}, ${esc(r.siteName)}<br>${esc(ageAgainstService(r.patient.age, r.serviceName))}</td><td>${esc(statusWords(r.status, r.patient.age))}</td><td>${esc(summaryText(r, today))}${paperSummaryChangeText(r) ? `<br><span class="warn">${esc(paperSummaryChangeText(r))}</span>` : ""}</td><td>${clinical ? esc(dispositionText(r)) : ""}${deadline}</td>${clinical && r.flags ? `<td>${esc(allergyText(r.flags.allergies))}<br>${esc(safeguardingText(r.flags.safeguarding))}${adjustmentsText(r.flags) ? `<br>${esc(adjustmentsText(r.flags))}` : ""}</td>` : ""}<td>&nbsp;</td></tr>`;
            })
            .join("")}</tbody></table></section>`,
      )
      .join("");
    return `<section class="day"><h2>${esc(inDay[0].day)}</h2>${hours}</section>`;
  });
  const walkIns = extras ? walkInsHtml(extras.walkIns, today) : "";
  const tasks = extras ? tasksHtml(extras.openTasks, today) : "";
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${PRINT_CSS}</style></head><body><h1>${esc(title)}</h1><p>A booked time is an arrival time, not an appointment: every patient is still triaged and seen in order of clinical need. Times are UK time; a time that is not today carries its date.</p>${days.join("") || "<p>No bookings.</p>"}${walkIns}${tasks}</body></html>`;
}

function walkInsHtml(rows: DocumentListRow[], today: LondonDate): string {
  const body = rows
    .map((d) => {
      const age = d.birthDate ? ageOn(d.birthDate, today) : null;
      const disp = d.disposition ? `${d.disposition.text ?? d.disposition.code ?? "Disposition"}${d.disposition.timeframeMinutes !== null && !/within/i.test(d.disposition.text ?? "") ? ` (within ${describeMinutes(d.disposition.timeframeMinutes)})` : ""}` : "Disposition not sent by 111";
      return `<tr><td>${esc(d.patientName ?? "Name not sent by 111")}<br>${esc(d.birthDate ? `Born ${formatBirthDate(d.birthDate)}${age !== null ? ` (${age})` : ""}` : "Birth date not sent")}</td><td>${esc(describeNhsNumber(d.nhsNumber, null).text)}</td><td>${esc(rowTime(d.receivedAt, today))}</td><td>${esc(d.sender ?? "An unnamed 111 service")}</td><td>${esc(disp)}</td><td>${esc(walkInResolutionText(d, today) ?? "") || "&nbsp;"}</td></tr>`;
    })
    .join("");
  const expected = rows.filter((d) => !d.resolution).length;
  return `<section class="day"><h2>Expected walk-ins (111 referrals without a booking): ${expected}${expected < rows.length ? `, and ${rows.length - expected} resolved in the last day` : ""}</h2>${rows.length ? `<table><thead><tr><th>Patient</th><th>NHS number</th><th>Report received</th><th>From</th><th>Disposition</th><th>Arrived (tick)</th></tr></thead><tbody>${body}</tbody></table>` : "<p>None.</p>"}</section>`;
}

function tasksHtml(rows: ContactTaskRow[], today: LondonDate): string {
  const body = rows
    .map(
      (t) =>
        `<tr><td>${esc(t.booking.patientName)}<br>Born ${esc(formatBirthDate(t.booking.birthDate))}</td><td>${esc(describeNhsNumber(t.booking.nhsNumber, t.booking.nhsNumberStatus).text)}</td><td>${esc(t.reason)}</td><td>${esc(t.phone ?? "No phone number")}${t.phoneOwner ? ` (${esc(t.phoneOwner)})` : ""}</td><td>${esc(formatLondonDateTime(t.booking.start))}, ${esc(t.booking.serviceName)}</td><td>${esc(rowTime(t.createdAt.toISOString(), today))}${t.attempts ? `, ${t.attempts} unanswered ${t.attempts === 1 ? "call" : "calls"}` : ""}</td></tr>`,
    )
    .join("");
  return `<section class="day"><h2>Open contact tasks (patients still to be phoned): ${rows.length}</h2>${rows.length ? `<table><thead><tr><th>Patient</th><th>NHS number</th><th>Why</th><th>Phone</th><th>Booking</th><th>Task raised</th></tr></thead><tbody>${body}</tbody></table>` : "<p>None.</p>"}</section>`;
}

/** The board for the print view (clinicians and clerks; clinical flags for clinicians only). Audited. */
export async function printBoard(window: BoardWindow, actor: StaffActor, now = clockNow()): Promise<BoardData> {
  if (actor.role !== "clinician" && actor.role !== "clerk") throw new Forbidden("Only clinicians and clerks see patients' bookings");
  const data = await queryBoard(window, { staffUserId: actor.id, clinical: actor.role === "clinician" }, now);
  await recordAudit(actor, { action: "arrivals.print", entityType: "Appointment", detail: { window, rows: data.rows.length } });
  return data;
}
