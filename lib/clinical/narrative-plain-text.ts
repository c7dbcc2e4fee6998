import type { Narrative, NarrativeNode } from "./narrative-model";

/** The narrative as plain text, one line per line break, paragraph, list item or table row. */
export function narrativePlainText(narrative: Narrative | NarrativeNode[]): string {
  const nodes = Array.isArray(narrative) ? narrative : narrative.nodes;
  // Blocks mark their edges with a soft break that merges with neighbouring breaks; only explicit <br/>s
  // can make a blank line.
  const raw = nodes.map(plain).join("").replace(/[ \t]*(?:\n[ \t]*)*(?:\u0000[ \t\n]*)+/g, "\n");
  return raw
    .split("\n")
    .map((l) => l.replace(/[ \t]+/g, " ").trim())
    .filter((l, i, all) => l !== "" || (i > 0 && all[i - 1] !== ""))
    .join("\n")
    .trim();
}

const SOFT = "\u0000";

function plain(n: NarrativeNode): string {
  const all = (ns: NarrativeNode[]) => ns.map(plain).join("");
  switch (n.type) {
    case "text":
      return n.text;
    case "br":
      return "\n";
    case "paragraph":
      return `${SOFT}${n.caption ? `${all(n.caption)}\n` : ""}${all(n.children)}${SOFT}`;
    case "list":
      return `${SOFT}${n.caption ? `${all(n.caption)}\n` : ""}${n.items.map((i) => `- ${all(i)}`).join("\n")}${SOFT}`;
    case "table": {
      const rows = [...n.head, ...n.bodies.flat(), ...n.foot];
      return `${SOFT}${n.caption ? `${all(n.caption)}\n` : ""}${rows.map((r) => r.cells.map((c) => all(c.children).trim()).join(" | ")).join("\n")}${SOFT}`;
    }
    case "multimedia":
      return `[${n.label}]`;
    case "footnoteRef":
      return "";
    default:
      return all(n.children);
  }
}
