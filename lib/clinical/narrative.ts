import { elements, textContent, type XmlElement, type XmlNode } from "../xml/safe-parse";
import { NS } from "./cda/vocabulary";
import type { CellScope, Narrative, NarrativeCell, NarrativeNode, NarrativeRow, NarrativeStyle } from "./narrative-model";

export { narrativePlainText } from "./narrative-plain-text";

/**
 * A safe, typed model of a CDA narrative block (section/text). Only the CDA narrative elements are kept;
 * anything else (script, iframe, HTML img, style, foreign namespaces…) is dropped with its text kept as
 * plain text, and the narrative is marked `sanitised`. No attribute passes through except the few read
 * here (styleCode, listType, scope, colspan, rowspan, an https linkHtml href). No HTML string is built:
 * the React renderer turns this model into elements, so text can never become markup.
 */
export type { CellScope, Narrative, NarrativeCell, NarrativeNode, NarrativeRow, NarrativeStyle } from "./narrative-model";

/** The text element cannot be shown as narrative (encoded or not a CDA narrative). */
export class NarrativeUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NarrativeUnreadable";
  }
}

/** Attributes CDA defines on narrative elements; dropped quietly. Anything else counts as sanitised. */
const KNOWN_ATTRIBUTES = new Set([
  "ID", "language", "styleCode", "revised", "href", "name", "rel", "rev", "title", "listType", "referencedObject",
  "IDREF", "scope", "colspan", "rowspan", "abbr", "axis", "headers", "align", "char", "charoff", "valign", "span",
  "width", "border", "frame", "rules", "cellspacing", "cellpadding", "summary", "mediaType", "representation",
  "{http://www.w3.org/XML/1998/namespace}lang", `{${NS.xsi}}type`,
]);

const STYLE_CODES: Record<string, NarrativeStyle> = { bold: "bold", italics: "italics", underline: "underline", emphasis: "emphasis" };
const ORDERED_LIST_STYLES = new Set(["arabic", "littleroman", "bigroman", "littlealpha", "bigalpha"]);
const SCOPES = new Set<CellScope>(["row", "col", "rowgroup", "colgroup"]);
/** Containers whose whitespace-only text is layout, not content. */
const STRUCTURAL = new Set(["table", "thead", "tbody", "tfoot", "tr", "list", "colgroup"]);
const NARRATIVE_MEDIA_TYPE = "text/x-hl7-text+xml";

class Sanitiser {
  removed: string[] = [];

  note(what: string) {
    if (!this.removed.includes(what)) this.removed.push(what);
  }

  checkAttributes(el: XmlElement) {
    for (const key of Object.keys(el.attrsNs)) if (!KNOWN_ATTRIBUTES.has(key)) this.note(`attribute ${key} on ${el.local}`);
  }

  /** Mixed content of an element, in order. */
  children(el: XmlElement): NarrativeNode[] {
    const out: NarrativeNode[] = [];
    for (const child of el.children) out.push(...this.node(child, el));
    return out;
  }

  node(n: XmlNode, parent: XmlElement): NarrativeNode[] {
    if (n.kind === "text") {
      if (STRUCTURAL.has(parent.local) && n.text.trim() === "") return [];
      const text = n.text.replace(/\s+/g, " ");
      return text === "" ? [] : [{ type: "text", text }];
    }
    return this.element(n);
  }

  /** A disallowed element: dropped, its text kept so nothing the sender wrote is hidden. */
  drop(el: XmlElement): NarrativeNode[] {
    this.note(`element ${el.ns && el.ns !== NS.hl7 ? `{${el.ns}}` : ""}${el.local}`);
    const text = textContent(el).replace(/\s+/g, " ");
    return text.trim() === "" ? [] : [{ type: "text", text }];
  }

  element(el: XmlElement): NarrativeNode[] {
    if (el.ns !== NS.hl7) return this.drop(el);
    this.checkAttributes(el);
    switch (el.local) {
      case "content":
        return [{ type: "content", styles: styles(el.attrsNs.styleCode), children: this.children(el) }];
      case "paragraph": {
        const caption = elements(el).find((c) => c.local === "caption" && c.ns === NS.hl7);
        const rest = { ...el, children: el.children.filter((c) => c !== caption) };
        return [{ type: "paragraph", ...(caption ? { caption: this.captionOf(caption) } : {}), children: this.children(rest) }];
      }
      case "br":
        return [{ type: "br" }];
      case "sub":
      case "sup":
        return [{ type: el.local, children: this.children(el) }];
      case "linkHtml":
        return this.link(el);
      case "footnote":
        return [{ type: "footnote", children: this.children(el) }];
      case "footnoteRef":
        return [{ type: "footnoteRef", ref: (el.attrsNs.IDREF ?? "").trim().slice(0, 64) }];
      case "renderMultiMedia": {
        const caption = elements(el).find((c) => c.local === "caption");
        const label = caption ? textContent(caption).replace(/\s+/g, " ").trim() : "";
        return [{ type: "multimedia", label: label || "Image or attachment (not shown)" }];
      }
      case "caption":
        return [{ type: "content", styles: ["bold"], children: this.captionOf(el) }];
      case "list":
        return this.list(el);
      case "table":
        return this.table(el);
      case "col":
      case "colgroup":
        return [];
      default:
        return this.drop(el);
    }
  }

  captionOf(el: XmlElement): NarrativeNode[] {
    this.checkAttributes(el);
    return this.children(el);
  }

  link(el: XmlElement): NarrativeNode[] {
    const children = this.children(el);
    const href = safeHttpsUrl(el.attrsNs.href);
    if (href) return [{ type: "link", href, children }];
    const raw = (el.attrsNs.href ?? "").trim();
    // An in-document reference ("#SECT001") is legitimate CDA; it simply is not followed.
    if (raw !== "" && !raw.startsWith("#")) this.note(`link ${linkScheme(raw)}`);
    return children;
  }

  list(el: XmlElement): NarrativeNode[] {
    const style = (el.attrsNs.styleCode ?? "").toLowerCase();
    const ordered = el.attrsNs.listType === "ordered" || ORDERED_LIST_STYLES.has(style);
    let caption: NarrativeNode[] | undefined;
    const items: NarrativeNode[][] = [];
    const stray: NarrativeNode[] = [];
    for (const c of el.children) {
      if (c.kind === "element" && c.ns === NS.hl7 && c.local === "item") {
        this.checkAttributes(c);
        items.push(this.children(c));
      } else if (c.kind === "element" && c.ns === NS.hl7 && c.local === "caption") caption = this.captionOf(c);
      else stray.push(...this.node(c, el));
    }
    return withStray({ type: "list", ordered, ...(caption ? { caption } : {}), items }, stray);
  }

  table(el: XmlElement): NarrativeNode[] {
    let caption: NarrativeNode[] | undefined;
    const head: NarrativeRow[] = [];
    const bodies: NarrativeRow[][] = [];
    const foot: NarrativeRow[] = [];
    const stray: NarrativeNode[] = [];
    const loose: NarrativeRow[] = [];
    for (const c of el.children) {
      if (c.kind !== "element" || c.ns !== NS.hl7) {
        stray.push(...this.node(c, el));
        continue;
      }
      if (c.local === "caption") caption = this.captionOf(c);
      else if (c.local === "thead") head.push(...this.rows(c, "col", stray));
      else if (c.local === "tbody") bodies.push(this.rows(c, "row", stray));
      else if (c.local === "tfoot") foot.push(...this.rows(c, "row", stray));
      else if (c.local === "tr") loose.push(this.row(c, "row", stray)); // rows straight under table: tolerated
      else if (c.local === "col" || c.local === "colgroup") continue;
      else stray.push(...this.node(c, el));
    }
    if (loose.length) bodies.push(loose);
    return withStray({ type: "table", ...(caption ? { caption } : {}), head, bodies, foot }, stray);
  }

  rows(group: XmlElement, headerScope: CellScope, stray: NarrativeNode[]): NarrativeRow[] {
    this.checkAttributes(group);
    const rows: NarrativeRow[] = [];
    for (const c of group.children) {
      if (c.kind === "element" && c.ns === NS.hl7 && c.local === "tr") rows.push(this.row(c, headerScope, stray));
      else stray.push(...this.node(c, group));
    }
    return rows;
  }

  row(tr: XmlElement, headerScope: CellScope, stray: NarrativeNode[]): NarrativeRow {
    this.checkAttributes(tr);
    const cells: NarrativeCell[] = [];
    for (const c of tr.children) {
      if (c.kind === "element" && c.ns === NS.hl7 && (c.local === "th" || c.local === "td")) {
        this.checkAttributes(c);
        const header = c.local === "th";
        const declared = c.attrsNs.scope as CellScope | undefined;
        const scope = header ? (declared && SCOPES.has(declared) ? declared : headerScope) : undefined;
        const colSpan = span(c.attrsNs.colspan);
        const rowSpan = span(c.attrsNs.rowspan);
        cells.push({ header, ...(scope ? { scope } : {}), ...(colSpan ? { colSpan } : {}), ...(rowSpan ? { rowSpan } : {}), children: this.children(c) });
      } else stray.push(...this.node(c, tr));
    }
    return { cells };
  }
}

function withStray(node: NarrativeNode, stray: NarrativeNode[]): NarrativeNode[] {
  const meaningful = stray.filter((n) => n.type !== "text" || n.text.trim() !== "");
  return meaningful.length ? [node, { type: "paragraph", children: meaningful }] : [node];
}

function styles(styleCode: string | undefined): NarrativeStyle[] {
  const out: NarrativeStyle[] = [];
  for (const s of (styleCode ?? "").split(/\s+/)) {
    const style = STYLE_CODES[s.toLowerCase()];
    if (style && !out.includes(style)) out.push(style);
  }
  return out;
}

function span(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,3}$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= 2 && n <= 100 ? n : undefined;
}

/** The normalised URL when `value` is an absolute https URL without credentials; otherwise null. */
export function safeHttpsUrl(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username || url.password || !url.hostname) return null;
  return url.href;
}

function linkScheme(raw: string): string {
  const m = /^\s*([a-z][a-z0-9+.-]*):/i.exec(raw);
  return m ? `${m[1].toLowerCase()}:` : "relative";
}

/**
 * The safe model of a CDA `text` element (namespace urn:hl7-org:v3).
 * Throws NarrativeUnreadable when the text is encoded (B64) or declares a non-narrative media type.
 */
export function narrativeFromCda(text: XmlElement): Narrative {
  const representation = text.attrsNs.representation?.trim().toUpperCase();
  if (representation && representation !== "TXT") throw new NarrativeUnreadable(`Section text is encoded (${representation}) and cannot be shown`);
  const mediaType = text.attrsNs.mediaType?.trim().toLowerCase();
  if (mediaType && mediaType !== NARRATIVE_MEDIA_TYPE) throw new NarrativeUnreadable(`Section text has media type ${mediaType}, not a CDA narrative`);
  const s = new Sanitiser();
  s.checkAttributes(text);
  const nodes = s.children(text);
  return { nodes, sanitised: s.removed.length > 0, removed: s.removed };
}
