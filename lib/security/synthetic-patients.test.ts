// Only synthetic patients in this repository: every NHS number written in a tracked file, on a line that speaks of
// NHS numbers or patients, is in the 999 test range (999 000 0000 to 999 999 9999) or is not a valid NHS number
// at all (a deliberately invalid one for a validation test). Lines naming DoS ids are skipped (also 10 digits).
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isValidNhsNumber } from "../nhs/nhs-number";

const ROOT = join(__dirname, "..", "..");
const SKIPPED = new Set(["package-lock.json"]);
const CONTEXT = /nhs|patient|identifier/i;

export function nhsNumbersOutsideTestRange(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split("\n")) {
    // DoS service ids are 10 digits too, and some pass the NHS number check.
    if (!CONTEXT.test(line) || /dos/i.test(line)) continue;
    for (const m of line.matchAll(/(?<![\d.])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d.])/g)) {
      const digits = m[1] + m[2] + m[3];
      if (!digits.startsWith("999") && isValidNhsNumber(digits)) found.push(digits);
    }
  }
  return found;
}

describe("only synthetic patients", () => {
  it("finds a valid NHS number outside the test range, and passes the test range", () => {
    // NHS Digital's published example number, built here so this file does not name it itself.
    const outside = ["943", "476", "5919"].join("");
    expect(nhsNumbersOutsideTestRange(`nhsNumber: "${outside}"`)).toEqual([outside]);
    expect(nhsNumbersOutsideTestRange('nhsNumber: "9990000018", patient 999 376 6984')).toEqual([]);
  });

  it("no tracked file names a valid NHS number outside the 999 test range", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    const offenders: string[] = [];
    for (const f of files) {
      if (SKIPPED.has(f) || f.startsWith("lib/db/generated/")) continue;
      const path = join(ROOT, f);
      let text: string;
      try {
        if (statSync(path).size > 2_000_000) continue;
        text = readFileSync(path, "utf8");
      } catch {
        continue;
      }
      if (text.includes("\0")) continue;
      for (const n of nhsNumbersOutsideTestRange(text)) offenders.push(`${f}: ${n}`);
    }
    expect(offenders).toEqual([]);
  });
});
