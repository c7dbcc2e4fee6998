import { readFileSync } from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { narrativeFromCda } from "@/lib/clinical/narrative";
import { parseXml } from "@/lib/xml/safe-parse";
import { Narrative } from "./Narrative";

/** Every start tag in the markup: text is escaped, so each "<" here is a real element. */
const startTags = (html: string) => html.match(/<[a-zA-Z][^>]*>/g) ?? [];
const render = (inner: string) =>
  renderToStaticMarkup(<Narrative narrative={narrativeFromCda(parseXml(`<text xmlns="urn:hl7-org:v3" xmlns:h="http://www.w3.org/1999/xhtml">${inner}</text>`))} />);

describe("Narrative", () => {
  it("renders styled content, line breaks, sub and sup as elements", () => {
    const html = render(`<content styleCode="Bold">Onset:</content> today<br/>H<sub>2</sub>O <content styleCode="Italics Underline">x</content>`);
    expect(html).toContain(`<strong class="font-semibold">Onset:</strong>`);
    expect(html).toContain("today<br/>H<sub>2</sub>O");
    expect(html).toContain(`<em><span class="underline">x</span></em>`);
    expect(html).not.toContain("removed because");
  });

  it("renders accessible tables: caption, column headers in thead, row headers in tbody", () => {
    const html = render(`<table><caption>Meds</caption><thead><tr><th>Drug</th><th>Dose</th></tr></thead><tbody><tr><th>Ramipril</th><td colspan="2">5 mg</td></tr></tbody></table>`);
    expect(html).toMatch(/<caption[^>]*>Meds<\/caption>/);
    expect(html).toMatch(/<thead[^>]*><tr><th scope="col"[^>]*>Drug<\/th><th scope="col"[^>]*>Dose<\/th><\/tr><\/thead>/);
    expect(html).toMatch(/<tbody><tr><th scope="row"[^>]*>Ramipril<\/th><td colSpan="2"[^>]*>5 mg<\/td><\/tr><\/tbody>/);
  });

  it("renders lists and https links, opening links safely in a new tab", () => {
    const html = render(`<list listType="ordered"><item>One</item></list><list><item>Dot</item></list><linkHtml href="https://www.nhs.uk/">NHS</linkHtml>`);
    expect(html).toMatch(/<ol class="list-decimal pl-6"><li[^>]*>One<\/li><\/ol>/);
    expect(html).toMatch(/<ul class="list-disc pl-6"><li[^>]*>Dot<\/li><\/ul>/);
    expect(html).toMatch(/<a href="https:\/\/www.nhs.uk\/" target="_blank" rel="noopener noreferrer nofollow"[^>]*>NHS<span class="sr-only"> \(opens in a new tab\)<\/span><\/a>/);
  });

  it("never lets script, event handlers, javascript: links or foreign elements reach the markup as live HTML", () => {
    const html = render(
      `<script>alert(1)</script><content onmouseover="alert(2)">hover</content><h:img src="x" onerror="alert(3)"/><h:iframe src="https://evil.example/">f</h:iframe>` +
        `<linkHtml href="javascript:alert(4)">js</linkHtml><linkHtml href="data:text/html,x">data</linkHtml><![CDATA[<img src=x onerror=alert(5)>]]><style>*{}</style>`,
    );
    expect(html).not.toMatch(/<script|<img|<iframe|<style|<a /i);
    expect(startTags(html).filter((t) => /\son[a-z]+\s*=|\sstyle\s*=|\ssrc\s*=|\shref\s*=/i.test(t))).toEqual([]);
    expect(html).not.toMatch(/javascript:|data:text/i);
    expect(html).toContain("&lt;img src=x onerror=alert(5)&gt;");
    expect(html).toContain("alert(1)");
    expect(html).toContain(`role="note"`);
    expect(html).toContain("removed because they could not be shown safely");
  });

  it("shows multimedia as a placeholder, never as an image", () => {
    const html = render(`<renderMultiMedia referencedObject="IMG1"><caption>ECG trace</caption></renderMultiMedia>`);
    expect(html).toContain("[ECG trace]");
    expect(html).not.toContain("<img");
  });

  it("is written without dangerouslySetInnerHTML", () => {
    for (const file of ["Narrative.tsx", "ClinicalSummary.tsx"]) {
      expect(readFileSync(path.join(__dirname, file), "utf8")).not.toMatch(/dangerouslySetInnerHTML\s*=/);
    }
  });
});
