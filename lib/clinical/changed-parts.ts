/** Words for what changed between two versions of a 111 report. No server code: safe in the browser. */
export type ChangedPart = "allergies" | "safeguarding" | "disposition" | "other";

export const CHANGED_PART_TEXT: Record<ChangedPart, string> = {
  allergies: "allergies",
  safeguarding: "safeguarding",
  disposition: "disposition",
  other: "other parts of the report",
};

/** "allergies and disposition" */
export function describeChangedParts(parts: ChangedPart[]): string {
  const t = parts.map((p) => CHANGED_PART_TEXT[p]);
  return t.length <= 1 ? (t[0] ?? "") : `${t.slice(0, -1).join(", ")} and ${t[t.length - 1]}`;
}
