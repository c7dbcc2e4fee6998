/**
 * The safe narrative model (see narrative.ts for what may enter it). In a module of its own because the reader
 * (narrative.ts) and the plain-text writer (narrative-plain-text.ts) both need it, and the reader re-exports the writer.
 */
export type NarrativeStyle = "bold" | "italics" | "underline" | "emphasis";

export type NarrativeNode =
  | { type: "text"; text: string }
  | { type: "br" }
  | { type: "content"; styles: NarrativeStyle[]; children: NarrativeNode[] }
  | { type: "paragraph"; caption?: NarrativeNode[]; children: NarrativeNode[] }
  | { type: "sub" | "sup"; children: NarrativeNode[] }
  /** Only ever an absolute https URL. */
  | { type: "link"; href: string; children: NarrativeNode[] }
  | { type: "footnote"; children: NarrativeNode[] }
  | { type: "footnoteRef"; ref: string }
  /** An image or attachment reference: shown as a placeholder, never fetched. */
  | { type: "multimedia"; label: string }
  | { type: "list"; ordered: boolean; caption?: NarrativeNode[]; items: NarrativeNode[][] }
  | { type: "table"; caption?: NarrativeNode[]; head: NarrativeRow[]; bodies: NarrativeRow[][]; foot: NarrativeRow[] };

export interface NarrativeRow {
  cells: NarrativeCell[];
}

export type CellScope = "row" | "col" | "rowgroup" | "colgroup";

export interface NarrativeCell {
  header: boolean;
  scope?: CellScope;
  colSpan?: number;
  rowSpan?: number;
  children: NarrativeNode[];
}

export interface Narrative {
  nodes: NarrativeNode[];
  /** True when anything was removed (unknown element, event handler, unsafe link…). */
  sanitised: boolean;
  /** What was removed, for the audit trail: "element script", "attribute onclick on content", "link javascript:". */
  removed: string[];
}
