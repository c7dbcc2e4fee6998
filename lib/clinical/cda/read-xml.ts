import { elements, textContent, type XmlElement } from "../../xml/safe-parse";
import { NS } from "./vocabulary";

/**
 * Namespace-aware reading helpers for CDA. Suppliers differ in prefixes and sometimes declare the
 * localisation namespace on each element, so everything matches on namespace URI + local name.
 */

/** HL7-namespace children with this local name. */
export function hl7Children(el: XmlElement | undefined, local: string): XmlElement[] {
  if (!el) return [];
  return elements(el).filter((c) => c.local === local && c.ns === NS.hl7);
}

export function hl7Child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  if (!el) return undefined;
  return elements(el).find((c) => c.local === local && c.ns === NS.hl7);
}

/** Follows HL7-namespace children by local name, first match at each step. */
export function hl7Path(el: XmlElement | undefined, ...locals: string[]): XmlElement | undefined {
  let cur = el;
  for (const l of locals) cur = hl7Child(cur, l);
  return cur;
}

/** An unqualified attribute, trimmed; undefined when absent or blank. */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  const v = el?.attrsNs[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

/** Text with runs of whitespace collapsed, as a reader sees it; undefined when empty. */
export function cleanText(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const t = textContent(el).replace(/\s+/g, " ").trim();
  return t === "" ? undefined : t;
}

export interface Hl7Code {
  code?: string;
  codeSystem?: string;
  displayName?: string;
}

/** A CV/CE-style coded value; undefined when it carries neither a code nor a display name. */
export function readCode(el: XmlElement | undefined): Hl7Code | undefined {
  if (!el) return undefined;
  const code = attr(el, "code");
  const codeSystem = attr(el, "codeSystem");
  const displayName = attr(el, "displayName") ?? cleanText(hl7Child(el, "originalText"));
  if (!code && !displayName) return undefined;
  return { ...(code ? { code } : {}), ...(codeSystem ? { codeSystem } : {}), ...(displayName ? { displayName } : {}) };
}

export interface Hl7Id {
  root: string;
  extension?: string;
}

export function readId(el: XmlElement | undefined): Hl7Id | undefined {
  const root = attr(el, "root");
  if (!root) return undefined;
  const extension = attr(el, "extension");
  return extension ? { root, extension } : { root };
}

/** templateId extensions on an element and the npfitlc:contentId on its participation. */
export function templateIdsOf(el: XmlElement): string[] {
  const out: string[] = [];
  for (const c of elements(el)) {
    if ((c.local === "templateId" && c.ns === NS.hl7) || (c.local === "contentId" && c.ns === NS.npfitlc)) {
      const ext = attr(c, "extension");
      if (ext) out.push(ext);
    }
  }
  return out;
}

/** Depth-first HL7-namespace descendants with a local name, in document order. */
export function hl7Descendants(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of elements(e)) {
      if (c.ns !== NS.hl7) continue;
      if (c.local === local) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
