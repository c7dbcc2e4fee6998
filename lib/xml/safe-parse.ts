import { SaxesParser, type SaxesTagNS } from "saxes";

/**
 * A small, safe XML reader for everything that arrives from outside (FHIR XML, ITK SOAP, CDA).
 * - Any DOCTYPE is refused: no DTDs, so no entity expansion ("billion laughs") and no external entities (XXE).
 * - Size, depth and node count are bounded before and while parsing.
 * - Keeps element order, namespaces and mixed content (CDA narrative needs all three).
 */
export interface XmlElement {
  kind: "element";
  /** Qualified name as written, e.g. "npfitlc:presentationText" */
  name: string;
  /** Local name, e.g. "presentationText" */
  local: string;
  /** Namespace URI ("" when none) */
  ns: string;
  /** Attributes by qualified name as written */
  attrs: Record<string, string>;
  /** Attributes by "{namespace}local" for namespaced ones and by local name otherwise */
  attrsNs: Record<string, string>;
  children: XmlNode[];
}

export interface XmlText {
  kind: "text";
  text: string;
}

export type XmlNode = XmlElement | XmlText;

export type XmlRejection = "doctype" | "too-large" | "too-deep" | "too-many-nodes" | "malformed" | "empty";

export class XmlRejected extends Error {
  constructor(
    readonly reason: XmlRejection,
    message: string,
  ) {
    super(message);
    this.name = "XmlRejected";
  }
}

export interface XmlLimits {
  maxBytes?: number;
  maxDepth?: number;
  maxNodes?: number;
}

export const DEFAULT_XML_LIMITS: Required<XmlLimits> = { maxBytes: 5 * 1024 * 1024, maxDepth: 128, maxNodes: 250_000 };

export function parseXml(text: string, limits: XmlLimits = {}): XmlElement {
  const { maxBytes, maxDepth, maxNodes } = { ...DEFAULT_XML_LIMITS, ...limits };
  if (Buffer.byteLength(text, "utf8") > maxBytes) throw new XmlRejected("too-large", `XML document is larger than ${maxBytes} bytes`);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let nodes = 0;
  let failure: XmlRejected | null = null;

  const fail = (e: XmlRejected) => {
    failure ??= e;
    throw e;
  };

  parser.on("doctype", () => fail(new XmlRejected("doctype", "XML with a DOCTYPE is not accepted")));
  parser.on("opentag", (tag) => {
    const t = tag as SaxesTagNS;
    if (++nodes > maxNodes) fail(new XmlRejected("too-many-nodes", `XML has more than ${maxNodes} nodes`));
    if (stack.length >= maxDepth) fail(new XmlRejected("too-deep", `XML is nested deeper than ${maxDepth} levels`));
    const attrs: Record<string, string> = {};
    const attrsNs: Record<string, string> = {};
    for (const a of Object.values(t.attributes)) {
      if (a.prefix === "xmlns" || a.name === "xmlns") continue;
      attrs[a.name] = a.value;
      attrsNs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const el: XmlElement = { kind: "element", name: t.name, local: t.local, ns: t.uri ?? "", attrs, attrsNs, children: [] };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) fail(new XmlRejected("malformed", "XML has more than one root element"));
    else root = el;
    stack.push(el);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const onText = (text: string) => {
    if (!stack.length) return;
    if (++nodes > maxNodes) fail(new XmlRejected("too-many-nodes", `XML has more than ${maxNodes} nodes`));
    const parent = stack[stack.length - 1];
    const last = parent.children[parent.children.length - 1];
    if (last && last.kind === "text") last.text += text;
    else parent.children.push({ kind: "text", text });
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("error", (e) => fail(new XmlRejected("malformed", `XML is not well formed: ${e.message}`)));

  try {
    parser.write(text).close();
  } catch (e) {
    if (failure) throw failure;
    if (e instanceof XmlRejected) throw e;
    throw new XmlRejected("malformed", `XML is not well formed: ${(e as Error).message}`);
  }
  if (failure) throw failure;
  if (!root) throw new XmlRejected("empty", "No XML element found");
  return root;
}

// ---- reading helpers ---------------------------------------------------------------------------

export function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === "element");
}

/** Child elements with this local name (and namespace, when given). */
export function childrenNamed(el: XmlElement, local: string, ns?: string): XmlElement[] {
  return elements(el).filter((c) => c.local === local && (ns === undefined || c.ns === ns));
}

export function childNamed(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
  return elements(el).find((c) => c.local === local && (ns === undefined || c.ns === ns));
}

/** Follows a path of local names, first match at each step. */
export function path(el: XmlElement | undefined, ...locals: string[]): XmlElement | undefined {
  let cur = el;
  for (const l of locals) {
    if (!cur) return undefined;
    cur = childNamed(cur, l);
  }
  return cur;
}

/** All the text inside an element, concatenated. */
export function textContent(node: XmlNode): string {
  if (node.kind === "text") return node.text;
  return node.children.map(textContent).join("");
}

/** Depth-first search for descendants with a local name. */
export function descendants(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of elements(e)) {
      if (c.local === local) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

// ---- writing ------------------------------------------------------------------------------------

/** Characters XML 1.0 cannot carry at all, even escaped (control characters, lone surrogates, U+FFFE/FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML; characters XML cannot carry become U+FFFD, so the output is always well formed. */
export function escapeXmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s).replace(/"/g, "&quot;").replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}
