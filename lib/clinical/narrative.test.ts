import { describe, expect, it } from "vitest";
import { parseXml } from "../xml/safe-parse";
import { narrativeFromCda, narrativePlainText, NarrativeUnreadable, safeHttpsUrl, type NarrativeNode } from "./narrative";

const text = (inner: string, attrs = "") => parseXml(`<text xmlns="urn:hl7-org:v3" xmlns:h="http://www.w3.org/1999/xhtml"${attrs}>${inner}</text>`);

function allNodes(nodes: NarrativeNode[]): NarrativeNode[] {
  const out: NarrativeNode[] = [];
  const walk = (n: NarrativeNode) => {
    out.push(n);
    if ("children" in n) n.children.forEach(walk);
    if (n.type === "list") n.items.flat().forEach(walk);
    if (n.type === "table") [...n.head, ...n.bodies.flat(), ...n.foot].forEach((r) => r.cells.forEach((c) => c.children.forEach(walk)));
  };
  nodes.forEach(walk);
  return out;
}

describe("narrativeFromCda: the allowed CDA narrative", () => {
  it("keeps content with its style codes, line breaks, sub and sup, in order", () => {
    const n = narrativeFromCda(text(`<content styleCode="Bold italics Rrule">Onset:</content> today<br/>H<sub>2</sub>O 6<sup>th</sup>`));
    expect(n.sanitised).toBe(false);
    expect(n.nodes[0]).toEqual({ type: "content", styles: ["bold", "italics"], children: [{ type: "text", text: "Onset:" }] });
    expect(n.nodes.map((x) => x.type)).toEqual(["content", "text", "br", "text", "sub", "text", "sup"]);
    expect(narrativePlainText(n)).toBe("Onset: today\nH2O 6th");
  });

  it("models lists (ordered by listType or style code) and paragraphs with captions", () => {
    const n = narrativeFromCda(text(`<paragraph><caption>Advice</caption>Rest</paragraph><list listType="ordered"><item>One</item><item>Two</item></list><list styleCode="Disc"><item>Dot</item></list><list styleCode="LittleRoman"><item>i</item></list>`));
    const [para, ordered, bullets, roman] = n.nodes;
    expect(para).toEqual({ type: "paragraph", caption: [{ type: "text", text: "Advice" }], children: [{ type: "text", text: "Rest" }] });
    expect(ordered).toMatchObject({ type: "list", ordered: true, items: [[{ type: "text", text: "One" }], [{ type: "text", text: "Two" }]] });
    expect(bullets).toMatchObject({ type: "list", ordered: false });
    expect(roman).toMatchObject({ type: "list", ordered: true });
    expect(n.sanitised).toBe(false);
  });

  it("models tables with header scopes: column in thead, row in tbody, declared scope kept when valid", () => {
    const n = narrativeFromCda(
      text(`<table border="1"><caption>Meds</caption><colgroup><col width="10"/></colgroup>
        <thead><tr><th>Drug</th><th>Dose</th></tr></thead>
        <tbody><tr><th>Ramipril</th><td colspan="2">5 mg</td></tr><tr><th scope="col">x</th><th scope="bogus">y</th><td rowspan="9999">z</td></tr></tbody>
        <tfoot><tr><td>end</td></tr></tfoot></table>`),
    );
    expect(n.sanitised).toBe(false);
    const table = n.nodes[0];
    if (table.type !== "table") throw new Error("expected a table");
    expect(table.caption).toEqual([{ type: "text", text: "Meds" }]);
    expect(table.head[0].cells.map((c) => c.scope)).toEqual(["col", "col"]);
    const [r1, r2] = table.bodies[0];
    expect(r1.cells[0]).toMatchObject({ header: true, scope: "row" });
    expect(r1.cells[1]).toMatchObject({ header: false, colSpan: 2 });
    expect(r2.cells[0].scope).toBe("col");
    expect(r2.cells[1].scope).toBe("row");
    expect(r2.cells[2].rowSpan).toBeUndefined();
    expect(table.foot).toHaveLength(1);
    expect(narrativePlainText(n)).toContain("Drug | Dose\nRamipril | 5 mg");
  });

  it("keeps https links, normalised; multimedia becomes a placeholder", () => {
    const n = narrativeFromCda(text(`<linkHtml href=" https://ed.example.org/STU3/1/Appointment/abc ">booking</linkHtml><renderMultiMedia referencedObject="IMG1"/>`));
    expect(n.nodes[0]).toEqual({ type: "link", href: "https://ed.example.org/STU3/1/Appointment/abc", children: [{ type: "text", text: "booking" }] });
    expect(n.nodes[1]).toEqual({ type: "multimedia", label: "Image or attachment (not shown)" });
    expect(n.sanitised).toBe(false);
  });

  it("treats an in-document #reference as plain text without calling it sanitised", () => {
    const n = narrativeFromCda(text(`see <linkHtml href="#SECT001">above</linkHtml>`));
    expect(n.nodes).toEqual([{ type: "text", text: "see " }, { type: "text", text: "above" }]);
    expect(n.sanitised).toBe(false);
  });
});

describe("narrativeFromCda: everything else is removed and flagged", () => {
  it("drops script, style, HTML img and iframe but keeps their text as plain text", () => {
    const n = narrativeFromCda(text(`A<script>alert(1)</script>B<style>p{}</style><h:img src="x" onerror="alert(2)"/><h:iframe src="https://evil.example">framed</h:iframe>`));
    expect(n.sanitised).toBe(true);
    expect(n.removed).toEqual(expect.arrayContaining(["element script", "element style", "element {http://www.w3.org/1999/xhtml}img", "element {http://www.w3.org/1999/xhtml}iframe"]));
    const types = allNodes(n.nodes).map((x) => x.type);
    expect(types.every((t) => t === "text")).toBe(true);
    expect(narrativePlainText(n)).toBe("Aalert(1)Bp{}framed");
  });

  it("drops event handlers and style attributes from allowed elements, keeping the element", () => {
    const n = narrativeFromCda(text(`<content onmouseover="alert(1)" style="x" styleCode="bold">Severe</content>`));
    expect(n.sanitised).toBe(true);
    expect(n.removed).toEqual(["attribute onmouseover on content", "attribute style on content"]);
    expect(n.nodes[0]).toEqual({ type: "content", styles: ["bold"], children: [{ type: "text", text: "Severe" }] });
    expect(JSON.stringify(n.nodes)).not.toContain("alert");
  });

  it.each([
    ["javascript:alert(1)", "javascript:"],
    ["  JaVaScRiPt:alert(1)", "javascript:"],
    ["data:text/html;base64,PHNjcmlwdD4=", "data:"],
    ["http://insecure.example/x", "http:"],
    ["https://user:pw@ed.example.org/", "https:"],
    ["//evil.example/x", "relative"],
  ])("turns a %s link into its text", (href, scheme) => {
    const n = narrativeFromCda(text(`<linkHtml href="${href}">click</linkHtml>`));
    expect(n.nodes).toEqual([{ type: "text", text: "click" }]);
    expect(n.sanitised).toBe(true);
    expect(n.removed).toEqual([`link ${scheme}`]);
  });

  it("moves stray content out of tables and lists instead of losing it", () => {
    const n = narrativeFromCda(text(`<table><tbody><tr><td>a</td><script>x</script></tr>loose</tbody></table><list>text<item>i</item></list>`));
    expect(n.nodes.map((x) => x.type)).toEqual(["table", "paragraph", "list", "paragraph"]);
    expect(narrativePlainText(n)).toBe("a\nxloose\n- i\ntext");
    expect(n.sanitised).toBe(true);
  });

  it("refuses encoded or non-narrative text so the caller can report the section", () => {
    expect(() => narrativeFromCda(text("PHNjcmlwdD4=", ` representation="B64"`))).toThrow(NarrativeUnreadable);
    expect(() => narrativeFromCda(text("<p>hi</p>", ` mediaType="text/html"`))).toThrow(/media type text\/html/);
    expect(narrativeFromCda(text("ok", ` mediaType="text/x-hl7-text+xml"`)).nodes).toEqual([{ type: "text", text: "ok" }]);
  });

  it("never carries markup characters as anything but text", () => {
    const n = narrativeFromCda(text(`<![CDATA[<script>alert(1)</script>]]> &lt;b onclick="x"&gt;`));
    expect(n.sanitised).toBe(false);
    expect(n.nodes).toEqual([{ type: "text", text: `<script>alert(1)</script> <b onclick="x">` }]);
  });
});

describe("safeHttpsUrl", () => {
  it("accepts only absolute https URLs without credentials", () => {
    expect(safeHttpsUrl("https://ed.example.org/a b")).toBe("https://ed.example.org/a%20b");
    expect(safeHttpsUrl("HTTPS://ED.EXAMPLE.ORG/x")).toBe("https://ed.example.org/x");
    expect(safeHttpsUrl("http://ed.example.org/")).toBeNull();
    expect(safeHttpsUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpsUrl("/Appointment/1")).toBeNull();
    expect(safeHttpsUrl(undefined)).toBeNull();
  });
});
