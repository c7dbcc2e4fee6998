import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM } from "../auth/actor";
import { db } from "../db/client";
import { queryExpectedWalkIns, type DocumentListRow } from "../clinical/list-documents";
import { describeNhsNumber, formatBirthDate } from "../format";
import { logger } from "../observability/logger";
import { formatLondonDateTime, londonParts } from "../time/london";
import { now as clockNow } from "../time/clock";
import { arrivalsConfig, type ArrivalsConfig } from "./arrivals-config";
import { boardCsv, boardHtml, csv } from "./board-export";
import { walkInResolutionText } from "./board-text";
import { queryContactTasks, type ContactTaskRow } from "./contact-tasks";
import { queryBoard, windowBounds, type BoardWindow } from "./load-board";

/**
 * The downtime copy of the board. When the system (or the network to it) is down, the ED works from the newest
 * snapshot: expected arrivals for the next 24 hours with clinical flags, expected walk-ins and the patients still to
 * be phoned. ARRIVALS_SNAPSHOT_DIR may be a mounted share, so the copy survives the loss of this server; each file is
 * written under a temporary name and renamed into place, so a reader never opens half a file, and
 * arrivals-latest.html always names the newest complete copy. A write that fails is logged and shown by /api/health.
 */
export const SNAPSHOT_STATUS_KEY = "arrivals-snapshot:status";
const KEEP = 8;

export interface SnapshotStatus {
  ok: boolean;
  at: string;
  dir: string;
  files?: string[];
  error?: string;
}

export async function writeBoardSnapshot(now = clockNow(), cfg: ArrivalsConfig = arrivalsConfig()): Promise<string[]> {
  const dir = resolve(cfg.snapshotDir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const window: BoardWindow = { kind: "hours", hours: 24 };
    const [data, walkIns, openTasks] = await Promise.all([queryBoard(window, { staffUserId: "snapshot", clinical: true }, now), queryExpectedWalkIns(now), queryContactTasks("open")]);
    const p = londonParts(now);
    const stamp = `${p.date}T${p.time.replace(":", "")}`;
    const { from, to } = windowBounds(window, now);
    const title = `Expected arrivals ${formatLondonDateTime(from)} to ${formatLondonDateTime(to)} (snapshot taken ${formatLondonDateTime(now)})`;
    const html = boardHtml(data, title, { walkIns, openTasks });
    const files = [join(dir, `arrivals-${stamp}.html`), join(dir, `arrivals-${stamp}.csv`)];
    writeAtomically(files[0], html);
    writeAtomically(files[1], boardCsv(data) + extrasCsv(walkIns, openTasks));
    writeAtomically(join(dir, "arrivals-latest.html"), html);
    prune(dir);
    await recordAudit(SYSTEM, { action: "arrivals.snapshot", detail: { rows: data.rows.length, walkIns: walkIns.length, openTasks: openTasks.length, files: files.map((f) => f.slice(dir.length + 1)) } });
    await saveStatus({ ok: true, at: now.toISOString(), dir, files: files.map((f) => f.slice(dir.length + 1)) });
    return files;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    logger().error({ event: "arrivals.snapshot-failed", dir, err: error }, `downtime snapshot could not be written to ${dir}: the ED has no current paper fallback`);
    await saveStatus({ ok: false, at: now.toISOString(), dir, error }).catch(() => {});
    throw e;
  }
}

/** Temporary file in the same folder (a rename across file systems is not atomic), flushed, then renamed over the name. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(resolve(path, ".."), `.tmp-${randomBytes(6).toString("hex")}-${path.slice(path.lastIndexOf("/") + 1)}`);
  try {
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function prune(dir: string): void {
  for (const ext of [".html", ".csv"]) {
    const old = readdirSync(dir).filter((f) => /^arrivals-\d{4}-\d{2}-\d{2}T\d{4}/.test(f) && f.endsWith(ext)).sort();
    for (const f of old.slice(0, Math.max(0, old.length - KEEP))) rmSync(join(dir, f), { force: true });
  }
}

/** Walk-ins and open contact tasks under the board in the CSV, each under its own heading row. */
function extrasCsv(walkIns: DocumentListRow[], tasks: ContactTaskRow[]): string {
  return csv([
    [],
    ["Expected walk-ins (111 referrals without a booking)"],
    ["Report received", "Patient", "Born", "NHS number", "From", "Disposition", "Resolved"],
    ...walkIns.map((d) => [formatLondonDateTime(new Date(d.receivedAt)), d.patientName ?? "Name not sent by 111", d.birthDate ? formatBirthDate(d.birthDate) : "Not sent", describeNhsNumber(d.nhsNumber, null).text, d.sender ?? "Not known", d.disposition?.text ?? d.disposition?.code ?? "Not sent by 111", walkInResolutionText(d, null) ?? "Not yet: still expected"]),
    [],
    ["Open contact tasks (patients still to be phoned)"],
    ["Task raised", "Patient", "Born", "NHS number", "Why", "Phone", "Booking"],
    ...tasks.map((t) => [formatLondonDateTime(t.createdAt), t.booking.patientName, formatBirthDate(t.booking.birthDate), describeNhsNumber(t.booking.nhsNumber, t.booking.nhsNumberStatus).text, t.reason, t.phone ? `${t.phone}${t.phoneOwner ? ` (${t.phoneOwner})` : ""}` : "No phone number", `${formatLondonDateTime(t.booking.start)}, ${t.booking.serviceName}`]),
  ]);
}

async function saveStatus(status: SnapshotStatus): Promise<void> {
  const value = JSON.stringify(status);
  await db().appState.upsert({ where: { key: SNAPSHOT_STATUS_KEY }, create: { key: SNAPSHOT_STATUS_KEY, value }, update: { value } });
}

/** What /api/health says about the downtime copy: failing, or older than three intervals, is a warning. */
export async function snapshotHealth(now: Date, cfg: ArrivalsConfig = arrivalsConfig()): Promise<{ enabled: boolean; ok: boolean; lastWritten: string | null; problem: string | null }> {
  if (!cfg.snapshots) return { enabled: false, ok: true, lastWritten: null, problem: null };
  const row = await db().appState.findUnique({ where: { key: SNAPSHOT_STATUS_KEY } });
  let status: SnapshotStatus | null = null;
  try {
    status = row ? (JSON.parse(row.value) as SnapshotStatus) : null;
  } catch {
    status = null;
  }
  if (!status) return { enabled: true, ok: false, lastWritten: null, problem: "No downtime snapshot has been written yet" };
  if (!status.ok) return { enabled: true, ok: false, lastWritten: null, problem: `The downtime snapshot could not be written to ${status.dir}: ${status.error ?? "unknown error"}` };
  const stale = now.getTime() - Date.parse(status.at) > 3 * cfg.snapshotMinutes * 60_000;
  return { enabled: true, ok: !stale, lastWritten: status.at, problem: stale ? `The newest downtime snapshot is from ${formatLondonDateTime(new Date(status.at))}` : null };
}
