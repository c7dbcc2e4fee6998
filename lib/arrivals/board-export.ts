import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM, type StaffActor } from "../auth/actor";
import { Forbidden } from "../errors";
import { describeNhsNumber, formatBirthDate, GENDER_LABEL } from "../format";
import { formatLondonDateTime, formatLondonTime, londonParts } from "../time/london";
import { arrivalsConfig } from "./arrivals-config";
import { allergyText, BOARD_STATUS_TEXT, dispositionText, groupByHour, safeguardingText, summaryText } from "./board-text";
import { queryBoard, windowBounds, type BoardData, type BoardWindow } from "./load-board";
import { now as clockNow } from "../time/clock";

/** The board as CSV: for downtime and handover. Clinicians only, every export audited. */
export function boardCsv(data: BoardData): string {
  // Clinical columns only in a clinician's copy (HAZ-074).
  const clinical = data.seesClinical;
  const header = ["Arrival time", "Patient", "Born", "Age", "Sex", "NHS number", "NHS number status", ...(clinical ? ["Reason"] : []), "Service", "Site", "Booked by", "Status", "111 summary", ...(clinical ? ["Disposition", "Allergies", "Safeguarding"] : [])];
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
      BOARD_STATUS_TEXT[r.status],
      summaryText(r),
      ...(clinical ? [dispositionText(r), ...(r.flags ? [allergyText(r.flags.allergies), safeguardingText(r.flags.safeguarding)] : ["", ""])] : []),
    ];
  });
  return [header, ...lines].map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Quotes every cell and defuses spreadsheet formulas (text starting = + - @ is prefixed with '). */
function csvCell(v: unknown): string {
  let s = String(v ?? "");
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
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

/** A standalone, printable HTML page of the board (no scripts, no external files), every value escaped. */
export function boardHtml(data: BoardData, title: string): string {
  const groups = groupByHour(data.rows)
    .map(
      (g) => `<section><h2>${esc(g.label)}</h2><table><thead><tr><th>Time</th><th>Patient</th><th>NHS number</th>${data.seesClinical ? "<th>Reason</th>" : ""}<th>Service</th><th>Status</th><th>111 summary</th>${data.seesClinical ? "<th>Disposition</th><th>Flags</th>" : ""}</tr></thead><tbody>${g.rows
        .map((r) => {
          const nhs = describeNhsNumber(r.patient.nhsNumber, r.patient.nhsNumberStatus);
          return `<tr><td>${esc(formatLondonTime(new Date(r.start)))}</td><td>${esc(r.patient.name)}<br>${esc(formatBirthDate(r.patient.birthDate))} (${esc(r.patient.age ?? "?")}) ${esc(GENDER_LABEL[r.patient.gender] ?? r.patient.gender)}</td><td>${esc(nhs.text)}<br>${esc(nhs.note)}</td>${data.seesClinical ? `<td>${esc(r.description)}</td>` : ""}<td>${esc(r.serviceName)}, ${esc(r.siteName)}</td><td>${esc(BOARD_STATUS_TEXT[r.status])}</td><td>${esc(summaryText(r))}</td>${data.seesClinical ? `<td>${esc(dispositionText(r))}</td>` : ""}${r.flags ? `<td>${esc(allergyText(r.flags.allergies))}<br>${esc(safeguardingText(r.flags.safeguarding))}</td>` : ""}</tr>`;
        })
        .join("")}</tbody></table></section>`,
    )
    .join("");
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:Arial,sans-serif;color:#000;background:#fff}table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:4px;text-align:left;vertical-align:top;font-size:12px}section{break-after:page}</style></head><body><h1>${esc(title)}</h1><p>A booked time is an arrival time, not an appointment: every patient is still triaged and seen in order of clinical need. Times are UK time.</p>${groups || "<p>No bookings.</p>"}</body></html>`;
}

/**
 * Downtime copy: writes the board (now to 24 hours ahead, with clinical flags) as HTML and CSV to the
 * snapshot folder, keeping the latest 8 of each. The folder holds patient data: it sits under data/,
 * which only the service account can read.
 */
export async function writeBoardSnapshot(now = clockNow()): Promise<string[]> {
  const cfg = arrivalsConfig();
  const dir = resolve(cfg.snapshotDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const window: BoardWindow = { kind: "hours", hours: 24 };
  const data = await queryBoard(window, { staffUserId: "snapshot", clinical: true }, now);
  const p = londonParts(now);
  const stamp = `${p.date}T${p.time.replace(":", "")}`;
  const { from, to } = windowBounds(window, now);
  const title = `Expected arrivals ${formatLondonDateTime(from)} to ${formatLondonDateTime(to)} (snapshot taken ${formatLondonDateTime(now)})`;
  const files = [join(dir, `arrivals-${stamp}.html`), join(dir, `arrivals-${stamp}.csv`)];
  writeFileSync(files[0], boardHtml(data, title), { mode: 0o600 });
  writeFileSync(files[1], boardCsv(data), { mode: 0o600 });
  for (const ext of [".html", ".csv"]) {
    const old = readdirSync(dir).filter((f) => f.startsWith("arrivals-") && f.endsWith(ext)).sort();
    for (const f of old.slice(0, Math.max(0, old.length - 8))) rmSync(join(dir, f), { force: true });
  }
  await recordAudit(SYSTEM, { action: "arrivals.snapshot", detail: { rows: data.rows.length, files: files.map((f) => f.slice(dir.length + 1)) } });
  return files;
}

/** The board for the print view (clinicians and clerks; clinical flags for clinicians only). Audited. */
export async function printBoard(window: BoardWindow, actor: StaffActor, now = clockNow()): Promise<BoardData> {
  if (actor.role !== "clinician" && actor.role !== "clerk") throw new Forbidden("Only clinicians and clerks see patients' bookings");
  const data = await queryBoard(window, { staffUserId: actor.id, clinical: actor.role === "clinician" }, now);
  await recordAudit(actor, { action: "arrivals.print", entityType: "Appointment", detail: { window, rows: data.rows.length } });
  return data;
}
