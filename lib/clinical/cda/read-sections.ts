import type { XmlElement } from "../../xml/safe-parse";
import { narrativeFromCda, narrativePlainText, NarrativeUnreadable, type Narrative } from "../narrative";
import { allergyStatusOf, classifySection } from "./classify-section";
import { attr, cleanText, hl7Child, hl7Children, readCode } from "./read-xml";
import type { ClinicalSection } from "./types";

/**
 * The text sections of a report body, flattened in document order with their nesting depth.
 *
 * Both versions wrap the text sections in one untitled "container" section that holds the coded entries;
 * it is looked through, not shown. Sections nest (Section1 → section2 → section3), so the walk recurses.
 * A section that cannot be read still produces an entry, with `problem` set, so nothing goes missing
 * silently from what a clinician sees.
 */
export function readSections(component: XmlElement | undefined): ClinicalSection[] {
  const out: ClinicalSection[] = [];
  if (!component) return out;
  const structured = hl7Child(component, "structuredBody");
  if (!structured) {
    if (hl7Child(component, "nonXMLBody")) {
      out.push(problemSection(0, 0, null, "The report body is not structured text (nonXMLBody) and cannot be shown here"));
    }
    return out;
  }
  for (const comp of hl7Children(structured, "component")) {
    for (const section of hl7Children(comp, "section")) visit(section, 0, out);
  }
  return out;
}

function subsections(section: XmlElement): XmlElement[] {
  return hl7Children(section, "component").flatMap((c) => hl7Children(c, "section"));
}

function isContainer(section: XmlElement): boolean {
  return !hl7Child(section, "title") && !hl7Child(section, "text") && !hl7Child(section, "code") && subsections(section).length > 0;
}

function visit(section: XmlElement, depth: number, out: ClinicalSection[]): void {
  if (isContainer(section)) {
    for (const sub of subsections(section)) visit(sub, depth, out);
    return;
  }
  out.push(readSection(section, out.length, depth));
  for (const sub of subsections(section)) visit(sub, depth + 1, out);
}

function readSection(section: XmlElement, index: number, depth: number): ClinicalSection {
  let title: string | null = null;
  try {
    title = cleanText(hl7Child(section, "title")) ?? null;
    const id = attr(hl7Child(section, "id"), "root") ?? null;
    const code = readCode(hl7Child(section, "code")) ?? null;
    const { kind, classifiedBy } = classifySection(code, title);
    const base = { index, depth, id, code, title, kind, classifiedBy };
    const textEl = hl7Child(section, "text");
    let narrative: Narrative | null = null;
    try {
      narrative = textEl ? narrativeFromCda(textEl) : null;
    } catch (e) {
      if (!(e instanceof NarrativeUnreadable)) throw e;
      return { ...base, narrative: null, plainText: "", ...(kind === "allergies" ? { allergyStatus: "not-recorded" as const } : {}), problem: e.message };
    }
    const plainText = narrative ? narrativePlainText(narrative) : "";
    return { ...base, narrative, plainText, ...(kind === "allergies" ? { allergyStatus: allergyStatusOf(plainText) } : {}) };
  } catch (e) {
    return problemSection(index, depth, title, `Unexpected content (${(e as Error).message})`);
  }
}

function problemSection(index: number, depth: number, title: string | null, problem: string): ClinicalSection {
  const { kind, classifiedBy } = classifySection(null, title);
  return { index, depth, id: null, code: null, title, kind, classifiedBy, narrative: null, plainText: "", problem };
}
