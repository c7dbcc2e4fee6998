import fc from "fast-check";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { narrativeFromCda, narrativePlainText } from "@/lib/clinical/narrative";
import { escapeXmlAttr, escapeXmlText, parseXml } from "@/lib/xml/safe-parse";
import { Narrative } from "./Narrative";

/**
 * Whatever a sender puts in a narrative, the rendered markup uses only the elements and attributes the
 * renderer itself chooses, and any href is https.
 */
const OUTPUT_TAGS = new Set(["div", "p", "span", "strong", "em", "br", "sub", "sup", "a", "ol", "ul", "li", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"]);
const OUTPUT_ATTRIBUTES = new Set(["class", "href", "target", "rel", "scope", "colSpan", "rowSpan", "role", "aria-label"]);

type Tree = { kind: "text"; text: string } | { kind: "el"; name: string; attrs: Array<[string, string]>; children: Tree[] };

const NAMES = [
  "content", "paragraph", "br", "list", "item", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "col",
  "sub", "sup", "linkHtml", "footnote", "footnoteRef", "renderMultiMedia",
  "script", "style", "iframe", "object", "a", "div", "h:img", "h:script", "h:a", "svg:svg",
];
const ATTRIBUTES: Array<fc.Arbitrary<[string, string]>> = [
  fc.tuple(fc.constant("styleCode"), fc.constantFrom("Bold", "italics", "Underline emphasis", "Rrule", "x")),
  fc.tuple(fc.constant("href"), fc.constantFrom("https://www.nhs.uk/", "javascript:alert(1)", " JaVaScRiPt:x", "data:text/html,<b>", "http://a.example/", "#S1", "//evil.example/", "vbscript:x", "https://u:p@a.example/")),
  fc.tuple(fc.constantFrom("onclick", "onerror", "onmouseover", "style", "src", "h:onload", "srcdoc", "formaction"), fc.constantFrom("alert(1)", "javascript:alert(1)", "x")),
  fc.tuple(fc.constantFrom("scope", "colspan", "rowspan", "listType", "ID"), fc.constantFrom("row", "col", "2", "ordered", "999999", "a1")),
];
const TEXT = fc.string({ unit: fc.constantFrom("a", " ", "<", ">", "&", "\"", "'", "=", "/", "j", "s", ":", "\n", "é"), maxLength: 12 });

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    TEXT.map((text): Tree => ({ kind: "text", text })),
    fc.record({
      kind: fc.constant("el" as const),
      // Links are where a slip would hurt most, so they come up often.
      name: fc.oneof({ arbitrary: fc.constant("linkHtml"), weight: 1 }, { arbitrary: fc.constantFrom(...NAMES), weight: 3 }),
      attrs: fc.uniqueArray(fc.oneof(...ATTRIBUTES), { maxLength: 3, selector: ([k]) => k }),
      children: fc.array(tie("node"), { maxLength: 4 }),
    }),
  ),
})).node;

function toXml(t: Tree): string {
  if (t.kind === "text") return escapeXmlText(t.text);
  const attrs = t.attrs.map(([k, v]) => ` ${k}="${escapeXmlAttr(v)}"`).join("");
  return `<${t.name}${attrs}>${t.children.map(toXml).join("")}</${t.name}>`;
}

function checkMarkup(html: string) {
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    const m = /^<\/?([a-zA-Z0-9]+)/.exec(tag);
    expect(m, `unexpected markup ${tag}`).not.toBeNull();
    expect(OUTPUT_TAGS.has(m![1]), `element ${m![1]}`).toBe(true);
    for (const [, name, value] of tag.matchAll(/\s([^\s=/>]+)="([^"]*)"/g)) {
      expect(OUTPUT_ATTRIBUTES.has(name), `attribute ${name} in ${tag}`).toBe(true);
      if (name === "href") expect(value.startsWith("https://") && !value.includes("@")).toBe(true);
    }
  }
}

describe("Narrative safety (property)", () => {
  it("renders only its own elements and attributes, and only https links, for any input", () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 5 }), (nodes) => {
        const xml = `<text xmlns="urn:hl7-org:v3" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:svg="http://www.w3.org/2000/svg">${nodes.map(toXml).join("")}</text>`;
        const narrative = narrativeFromCda(parseXml(xml));
        checkMarkup(renderToStaticMarkup(<Narrative narrative={narrative} />));
        narrativePlainText(narrative); // never throws
      }),
      { numRuns: 400 },
    );
  });
});
