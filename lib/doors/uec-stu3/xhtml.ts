/**
 * Narrative XHTML (`Narrative.div`): JSON carries it as a string, XML as real markup. Both directions go through
 * the safe XML reader and one canonical serialiser, so a div survives XML -> JSON -> XML unchanged.
 * FHIR's narrative rules txt-1/txt-2 (no scripts, forms, event handlers) are enforced here: staff pages may show it.
 */
import { escapeXmlAttr, escapeXmlText, parseXml, XmlRejected, type XmlElement, type XmlNode } from "@/lib/xml/safe-parse";
import { XHTML_NAMESPACE } from "./systems";

const FORBIDDEN_ELEMENTS = new Set(["script", "object", "embed", "applet", "form", "input", "button", "iframe", "frame", "frameset", "base", "link", "meta", "style", "head", "body", "html"]);

/** Why the string is not an acceptable narrative div, or null. */
export function xhtmlProblem(div: string): string | null {
  let root: XmlElement;
  try {
    root = parseXml(div, { maxDepth: 64 });
  } catch (e) {
    return e instanceof XmlRejected ? `is not well-formed XHTML (${e.message})` : "is not well-formed XHTML";
  }
  return xhtmlElementProblem(root);
}

/** Checks an already parsed div (used by the XML reader). */
export function xhtmlElementProblem(root: XmlElement): string | null {
  if (root.local !== "div" || root.ns !== XHTML_NAMESPACE) return `must be a <div> in the XHTML namespace (${XHTML_NAMESPACE})`;
  const walk = (el: XmlElement): string | null => {
    if (FORBIDDEN_ELEMENTS.has(el.local.toLowerCase())) return `must not contain <${el.local}> (txt-1)`;
    for (const name of Object.keys(el.attrs)) {
      if (/^on/i.test(name)) return `must not contain event handler attributes such as ${name} (txt-1)`;
      const value = el.attrs[name];
      if (/^(href|src)$/i.test(name) && /^\s*(javascript|vbscript|data):/i.test(value)) return `must not contain script URLs (txt-1)`;
    }
    for (const child of el.children) {
      if (child.kind === "element") {
        const problem = walk(child);
        if (problem) return problem;
      }
    }
    return null;
  };
  if (!root.children.some((c) => (c.kind === "text" && c.text.trim() !== "") || c.kind === "element")) return "must not be empty (txt-2)";
  return walk(root);
}

/** Canonical text of a parsed div: XHTML default namespace declared on the root, local names, escaped text. */
export function serializeXhtml(root: XmlElement): string {
  return writeNode(root, true);
}

/** Re-serialises a div string canonically. Throws XmlRejected when it is not well-formed. */
export function normaliseXhtml(div: string): string {
  return serializeXhtml(parseXml(div, { maxDepth: 64 }));
}

function writeNode(node: XmlNode, isRoot = false): string {
  if (node.kind === "text") return escapeXmlText(node.text);
  const attrs: string[] = [];
  if (isRoot) attrs.push(`xmlns="${XHTML_NAMESPACE}"`);
  for (const [name, value] of Object.entries(node.attrs)) {
    // Only plain and xml:* attributes: any other prefix would need a namespace declaration narrative never needs.
    if (name.includes(":") && !name.startsWith("xml:")) continue;
    attrs.push(`${name}="${escapeXmlAttr(value)}"`);
  }
  const open = [node.local, ...attrs].join(" ");
  if (node.children.length === 0) return `<${open}/>`;
  return `<${open}>${node.children.map((c) => writeNode(c)).join("")}</${node.local}>`;
}
