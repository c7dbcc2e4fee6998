import type { ClinicalSection, Disposition } from "./types";

/**
 * How soon the patient should be seen, read from the Pathways disposition wording
 * ("Attend an Emergency Treatment Centre within 1 hour" → 60 minutes). Dx codes themselves carry no
 * time, and a code-to-time table would go stale as Pathways changes, so only the words are trusted.
 */
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, "twenty-four": 24, "forty-eight": 48,
};

const UNIT_MINUTES: Array<[RegExp, number]> = [
  [/^min(?:ute)?s?$/, 1],
  [/^(?:hours?|hrs?)$/, 60],
  [/^days?$/, 24 * 60],
  [/^weeks?$/, 7 * 24 * 60],
];

const WITHIN_RE = /\bwithin\s+(\d{1,3}|[a-z]+(?:-[a-z]+)?)\s*(minutes?|mins?|hours?|hrs?|days?|weeks?)\b/i;

export interface Timeframe {
  minutes: number;
  text: string;
}

/** The first "within N units" in the text, as minutes; null when the text gives no timeframe. */
export function timeframeFromText(text: string | null | undefined): Timeframe | null {
  if (!text) return null;
  const m = WITHIN_RE.exec(text);
  if (!m) return null;
  const amount = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS[m[1].toLowerCase()];
  if (!amount) return null;
  const unit = UNIT_MINUTES.find(([re]) => re.test(m[2].toLowerCase()));
  if (!unit) return null;
  return { minutes: amount * unit[1], text: m[0].replace(/\s+/g, " ") };
}

export function dispositionFrom(code: string | null, codeSystem: string | null, displayName: string | null): Disposition {
  const tf = timeframeFromText(displayName);
  return {
    code,
    codeSystem,
    displayName,
    timeframeMinutes: tf?.minutes ?? null,
    timeframeText: tf?.text ?? null,
    timeframeSource: tf ? "display" : null,
  };
}

/**
 * When the coded disposition has no wording (some suppliers send only the Dx code), use the line of a
 * disposition section that names the same code: "To contact a local service within 6 hours (Dx06)".
 * Only a line carrying the code is trusted, so advice such as "call back within 30 minutes" is never taken.
 */
export function withTimeframeFromSections(d: Disposition, sections: ClinicalSection[]): Disposition {
  if (d.timeframeMinutes !== null || !d.code) return d;
  const code = d.code.toLowerCase();
  for (const s of sections) {
    if (s.kind !== "disposition") continue;
    for (const line of s.plainText.split("\n")) {
      if (!line.toLowerCase().includes(code)) continue;
      const tf = timeframeFromText(line);
      if (tf) return { ...d, timeframeMinutes: tf.minutes, timeframeText: tf.text, timeframeSource: "section" };
    }
  }
  return d;
}

/** "1 hour", "4 hours", "30 minutes", "2 days": for people, from minutes. */
export function describeMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  // Pathways speaks of "24 hours" and "48 hours", so days start at three.
  if (minutes % (24 * 60) === 0 && minutes >= 3 * 24 * 60) return plural(minutes / (24 * 60), "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}
