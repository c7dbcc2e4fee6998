import type { XmlElement } from "../../xml/safe-parse";
import { hl7Descendants, readCode } from "./read-xml";
import type { Hl7Code } from "./types";

/**
 * The coded values of the report body's entries (clinical discriminators, flags, observations): every
 * code and value with a code, in document order. Only codes are kept; what they mean is decided by the
 * reader that needs them (safeguarding-signals.ts), so an unknown entry shape is never an error.
 */
export function readEntryCodes(body: XmlElement | undefined): Hl7Code[] {
  if (!body) return [];
  const out: Hl7Code[] = [];
  for (const entry of hl7Descendants(body, "entry")) {
    for (const local of ["code", "value"]) {
      for (const el of hl7Descendants(entry, local)) {
        const c = readCode(el);
        if (c?.code && !out.some((o) => o.code === c.code && o.codeSystem === c.codeSystem)) out.push(c);
      }
    }
  }
  return out;
}
