/**
 * Narrative.div: real XHTML markup in FHIR XML, one string in FHIR JSON. Both directions go through
 * `xhtmlToString`, so a div read from XML and a div written from JSON come out in the same canonical form
 * (attributes in source order, double quotes, `<br/>` for empty elements, the XHTML namespace on the div).
 */
import { escapeXmlAttr, escapeXmlText, parseXml, XmlRejected, type XmlElement, type XmlNode } from "@/lib/xml/safe-parse";

export const XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

/** FHIR forbids these in a narrative (R4 §2.4.0 "txt-1"); they are refused, never passed on. */
const FORBIDDEN = new Set(["script", "iframe", "object", "embed", "form", "input", "base", "link", "frame", "frameset", "applet", "head", "body", "html", "meta", "style"]);

export function xhtmlProblem(el: XmlElement): string | null {
  if (el.local !== "div" || el.ns !== XHTML_NAMESPACE) return `must be an XHTML <div> (namespace ${XHTML_NAMESPACE})`;
  const stack: XmlElement[] = [el];
  while (stack.length) {
    const cur = stack.pop()!;
    if (FORBIDDEN.has(cur.local.toLowerCase())) return `must not contain <${cur.local}>`;
    for (const name of Object.keys(cur.attrs)) if (/^on/i.test(name)) return `must not carry event attributes (${name})`;
    for (const c of cur.children) if (c.kind === "element") stack.push(c);
  }
  return null;
}

export function xhtmlToString(el: XmlElement, top = true): string {
  const attrs = Object.entries(el.attrs).filter(([name]) => !(top && (name === "xmlns" || name.startsWith("xmlns:"))));
  const ns = top ? ` xmlns="${XHTML_NAMESPACE}"` : "";
  const open = `<${el.local}${ns}${attrs.map(([k, v]) => ` ${k}="${escapeXmlAttr(v)}"`).join("")}`;
  if (el.children.length === 0) return `${open}/>`;
  return `${open}>${el.children.map((c: XmlNode) => (c.kind === "text" ? escapeXmlText(c.text) : xhtmlToString(c, false))).join("")}</${el.local}>`;
}

/** A div from FHIR JSON, checked and put in canonical form; `{ error }` when it is not a well-formed safe XHTML div. */
export function normaliseXhtmlString(text: string): { xhtml: string } | { error: string } {
  let el: XmlElement;
  try {
    el = parseXml(text, { maxDepth: 64 });
  } catch (e) {
    return { error: e instanceof XmlRejected ? e.message : "is not well-formed XHTML" };
  }
  const problem = xhtmlProblem(el);
  return problem ? { error: problem } : { xhtml: xhtmlToString(el) };
}
