import { describeMinutes } from "../clinical/cda/disposition";
import { ALLERGY_FLAG_TEXT, SAFEGUARDING_FLAG_TEXT } from "../clinical/document-summary";
import { DISPOSITION_NOT_USUALLY_ED_TEXT } from "../clinical/classify-report-route";
import { formatLondonTime, londonParts, londonZoneName } from "../time/london";
import type { BoardRow, BoardStatus } from "./load-board";

/** Words the board, its print view and its downtime snapshot share. No server code: safe in the browser. */
export const BOARD_STATUS_TEXT: Record<BoardStatus, string> = { booked: "Booked", arrived: "Arrived", "did-not-attend": "Did not attend", cancelled: "Cancelled" };

export function summaryText(r: Pick<BoardRow, "summary">): string {
  if (r.summary.state === "received" && r.summary.noClinicalContent) return `Received ${formatLondonTime(new Date(r.summary.receivedAt!))} with nothing readable: phone 111`;
  if (r.summary.state === "received") return `Received ${formatLondonTime(new Date(r.summary.receivedAt!))}${r.summary.replacedAt ? " (replaced)" : ""}`;
  if (r.summary.state === "being-checked") return "Received, being checked by a clerk";
  return "Not received yet";
}

export function dispositionText(r: Pick<BoardRow, "disposition" | "summary">): string {
  if (r.summary.state !== "received") return "Not known until the 111 summary arrives";
  const d = r.disposition;
  if (!d) return "Not sent by 111";
  const words = d.text ?? (d.code ? `Disposition ${d.code}` : "Disposition without wording");
  const within = d.timeframeMinutes !== null ? `within ${describeMinutes(d.timeframeMinutes)}` : "timeframe not stated by 111";
  const text = d.text && d.timeframeMinutes !== null && /within/i.test(d.text) ? words : `${words} (${within})`;
  return d.notUsuallyEd ? `${text}. ${DISPOSITION_NOT_USUALLY_ED_TEXT}` : text;
}

export function allergyText(flag: NonNullable<BoardRow["flags"]>["allergies"]): string {
  return flag === "no-summary" ? "Allergies unknown: 111 summary not received" : ALLERGY_FLAG_TEXT[flag];
}

export function safeguardingText(flag: NonNullable<BoardRow["flags"]>["safeguarding"]): string {
  return flag === "no-summary" ? "Safeguarding unknown: 111 summary not received" : SAFEGUARDING_FLAG_TEXT[flag];
}

export interface HourGroup {
  key: string;
  label: string;
  rows: BoardRow[];
}

/** Rows grouped by London clock hour, in order. The two 01:00 hours of the October change are told apart. */
export function groupByHour(rows: BoardRow[]): HourGroup[] {
  const groups: HourGroup[] = [];
  for (const r of rows) {
    const start = new Date(r.start);
    const hourStart = new Date(Math.floor(start.getTime() / 3600_000) * 3600_000);
    const key = hourStart.toISOString();
    let g = groups.find((x) => x.key === key);
    if (!g) {
      const p = londonParts(hourStart);
      g = { key, label: `${String(p.hour).padStart(2, "0")}:00 to ${String(p.hour).padStart(2, "0")}:59`, rows: [] };
      groups.push(g);
    }
    g.rows.push(r);
  }
  const seen = new Map<string, number>();
  for (const g of groups) seen.set(g.label, (seen.get(g.label) ?? 0) + 1);
  for (const g of groups) if ((seen.get(g.label) ?? 0) > 1) g.label = `${g.label} ${londonZoneName(new Date(g.key))}`;
  return groups;
}
