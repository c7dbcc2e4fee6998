import type { ReactNode } from "react";
import type { Narrative as NarrativeModel, NarrativeCell, NarrativeNode, NarrativeRow } from "@/lib/clinical/narrative";

/**
 * Renders the safe narrative model (lib/clinical/narrative.ts) with React elements only. Text is always
 * a React text child, so it is escaped; the only attribute taken from the document is an https href that
 * the model has already checked. There is deliberately no dangerouslySetInnerHTML anywhere here.
 */
export function Narrative({ narrative, className }: { narrative: NarrativeModel; className?: string }) {
  return (
    <div className={`text-base leading-relaxed text-gray-900 ${className ?? ""}`.trim()}>
      {narrative.sanitised && <SanitisedNotice />}
      {renderNodes(narrative.nodes)}
    </div>
  );
}

export function SanitisedNotice() {
  return (
    <p role="note" className="mb-2 rounded border-l-4 border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Some formatting or links in this section were removed because they could not be shown safely. All of the text sent by 111 is
      shown below.
    </p>
  );
}

function renderNodes(nodes: NarrativeNode[]): ReactNode[] {
  return nodes.map((n, i) => renderNode(n, i));
}

function renderNode(n: NarrativeNode, key: number): ReactNode {
  switch (n.type) {
    case "text":
      return n.text;
    case "br":
      return <br key={key} />;
    case "content": {
      let inner: ReactNode = renderNodes(n.children);
      if (n.styles.includes("underline")) inner = <span className="underline">{inner}</span>;
      if (n.styles.includes("italics") || n.styles.includes("emphasis")) inner = <em>{inner}</em>;
      if (n.styles.includes("bold")) inner = <strong className="font-semibold">{inner}</strong>;
      return <span key={key}>{inner}</span>;
    }
    case "paragraph":
      // A div, not a p: a sender's paragraph may (wrongly) hold lists or tables, which a p cannot.
      return (
        <div key={key} className="my-2">
          {n.caption && <span className="block font-semibold">{renderNodes(n.caption)}</span>}
          {renderNodes(n.children)}
        </div>
      );
    case "sub":
      return <sub key={key}>{renderNodes(n.children)}</sub>;
    case "sup":
      return <sup key={key}>{renderNodes(n.children)}</sup>;
    case "link":
      return (
        <a key={key} href={n.href} target="_blank" rel="noopener noreferrer nofollow" className="text-blue-800 underline hover:text-blue-900">
          {renderNodes(n.children)}
          <span className="sr-only"> (opens in a new tab)</span>
        </a>
      );
    case "footnote":
      return (
        <span key={key} className="text-sm text-gray-700">
          {" [Note: "}
          {renderNodes(n.children)}
          {"]"}
        </span>
      );
    case "footnoteRef":
      return (
        <sup key={key} aria-label="see note">
          *
        </sup>
      );
    case "multimedia":
      return (
        <span key={key} className="italic text-gray-700">
          [{n.label}]
        </span>
      );
    case "list":
      return <NarrativeList key={key} node={n} />;
    case "table":
      return <NarrativeTable key={key} node={n} />;
  }
}

function NarrativeList({ node }: { node: Extract<NarrativeNode, { type: "list" }> }) {
  const items = node.items.map((item, i) => (
    <li key={i} className="my-1">
      {renderNodes(item)}
    </li>
  ));
  return (
    <div className="my-2">
      {node.caption && <div className="font-semibold">{renderNodes(node.caption)}</div>}
      {node.ordered ? <ol className="list-decimal pl-6">{items}</ol> : <ul className="list-disc pl-6">{items}</ul>}
    </div>
  );
}

function NarrativeTable({ node }: { node: Extract<NarrativeNode, { type: "table" }> }) {
  return (
    <div className="my-2 overflow-x-auto">
      <table className="min-w-full border-collapse border border-gray-300 text-left text-sm">
        {node.caption && <caption className="py-1 text-left font-semibold">{renderNodes(node.caption)}</caption>}
        {node.head.length > 0 && <thead className="bg-gray-100">{rows(node.head)}</thead>}
        {node.bodies.map((body, i) => (
          <tbody key={i}>{rows(body)}</tbody>
        ))}
        {node.foot.length > 0 && <tfoot className="bg-gray-50">{rows(node.foot)}</tfoot>}
      </table>
    </div>
  );
}

function rows(list: NarrativeRow[]): ReactNode[] {
  return list.map((row, i) => <tr key={i}>{row.cells.map((cell, j) => renderCell(cell, j))}</tr>);
}

function renderCell(cell: NarrativeCell, key: number): ReactNode {
  const common = { colSpan: cell.colSpan, rowSpan: cell.rowSpan, className: "border border-gray-300 px-2 py-1 align-top" };
  return cell.header ? (
    <th key={key} scope={cell.scope ?? "row"} {...common} className={`${common.className} font-semibold`}>
      {renderNodes(cell.children)}
    </th>
  ) : (
    <td key={key} {...common}>
      {renderNodes(cell.children)}
    </td>
  );
}
