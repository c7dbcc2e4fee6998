import { createHash } from "node:crypto";
import { escapeXmlAttr, escapeXmlText, parseXml, type XmlElement, type XmlLimits } from "../xml/safe-parse";

/**
 * The content of a received document, independent of how it travelled. The same ClinicalDocument arrives
 * inline in one ITK message and base64 in the next, re-indented, with other namespace prefixes or with
 * attributes in another order; none of that changes what a clinician reads, so none of it changes the
 * canonical text or its hash. Comments and processing instructions are not kept by the reader at all.
 */

/**
 * A deterministic text form: elements and attributes named by {namespace}local, attributes sorted,
 * whitespace in text collapsed and trimmed, whitespace-only text dropped.
 */
export function canonicalDocumentText(root: XmlElement): string {
  const out: string[] = [];
  const walk = (el: XmlElement) => {
    const name = `{${el.ns}}${el.local}`;
    const attrs = Object.keys(el.attrsNs)
      .sort()
      .map((k) => ` ${k}="${escapeXmlAttr(el.attrsNs[k])}"`)
      .join("");
    out.push(`<${name}${attrs}>`);
    for (const c of el.children) {
      if (c.kind === "element") walk(c);
      else {
        const t = c.text.replace(/\s+/g, " ").trim();
        if (t) out.push(escapeXmlText(t));
      }
    }
    out.push(`</${name}>`);
  };
  walk(root);
  return out.join("");
}

/** sha256 (hex) of the canonical text: equal for re-deliveries of the same content. */
export function documentContentHash(input: XmlElement | string, limits?: XmlLimits): string {
  const root = typeof input === "string" ? parseXml(input, limits) : input;
  return createHash("sha256").update(canonicalDocumentText(root), "utf8").digest("hex");
}

const PREDEFINED: Record<string, string> = { xml: "http://www.w3.org/XML/1998/namespace" };

/**
 * A standalone XML text for an element taken out of a larger message (a ClinicalDocument inside an ITK
 * payload), re-declaring the namespaces it relied on from its ancestors. This is what gets stored, so
 * the document can be re-read or re-rendered later without the envelope.
 */
export function serializeXml(root: XmlElement): string {
  const out: string[] = [];
  const walk = (el: XmlElement, scope: Map<string, string>) => {
    const local = new Map(scope);
    const decls: string[] = [];
    const declare = (prefix: string, uri: string) => {
      if (PREDEFINED[prefix] || local.get(prefix) === uri) return;
      local.set(prefix, uri);
      decls.push(prefix ? ` xmlns:${prefix}="${escapeXmlAttr(uri)}"` : ` xmlns="${escapeXmlAttr(uri)}"`);
    };
    const elPrefix = el.name.includes(":") ? el.name.slice(0, el.name.indexOf(":")) : "";
    if (el.ns || local.get(elPrefix)) declare(elPrefix, el.ns);
    const attrs: string[] = [];
    for (const [qname, value] of Object.entries(el.attrs)) {
      const colon = qname.indexOf(":");
      if (colon > 0) {
        const prefix = qname.slice(0, colon);
        const uri = PREDEFINED[prefix] ?? namespaceOfAttribute(el, qname.slice(colon + 1), value);
        if (uri) declare(prefix, uri);
      }
      attrs.push(` ${qname}="${escapeXmlAttr(value)}"`);
    }
    out.push(`<${el.name}${decls.join("")}${attrs.join("")}`);
    if (el.children.length === 0) {
      out.push("/>");
      return;
    }
    out.push(">");
    for (const c of el.children) {
      if (c.kind === "element") walk(c, local);
      else out.push(escapeXmlText(c.text));
    }
    out.push(`</${el.name}>`);
  };
  walk(root, new Map());
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out.join("")}`;
}

/** The namespace of a prefixed attribute, recovered from the reader's {uri}local index. */
function namespaceOfAttribute(el: XmlElement, local: string, value: string): string | undefined {
  for (const [key, v] of Object.entries(el.attrsNs)) {
    const m = /^\{(.*)\}(.+)$/.exec(key);
    if (m && m[2] === local && v === value) return m[1];
  }
  return undefined;
}
