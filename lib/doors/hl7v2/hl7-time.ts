import { wallClockToInstants } from "../../time/london";

export function isCalendarDateLike(date: string): boolean {
  const [y, m, d] = date.split("-").map(Number);
  if (y < 1900 || y > 2998 || m < 1 || m > 12 || d < 1) return false;
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

/** A London wall-clock time as an instant: the earlier reading in the October fold, the hour after in the March gap. */
export function londonWallToInstant(date: string, time: string, seconds = 0): Date | null {
  const [first] = wallClockToInstants(date, time);
  if (first) return new Date(first.getTime() + seconds * 1000);
  const [h, m] = time.split(":").map(Number);
  const [later] = wallClockToInstants(date, `${String((h + 1) % 24).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
  return later ? new Date(later.getTime() + seconds * 1000) : null;
}
