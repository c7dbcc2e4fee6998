import { describe, expect, it } from "vitest";
import { childNamed, escapeXmlAttr, escapeXmlText, parseXml, textContent, XmlRejected } from "./safe-parse";

function rejection(text: string, limits = {}) {
  try {
    parseXml(text, limits);
  } catch (e) {
    if (e instanceof XmlRejected) return e.reason;
    throw e;
  }
  return null;
}

describe("parseXml", () => {
  it("keeps order, namespaces, attributes and mixed content", () => {
    const root = parseXml(`<a xmlns="urn:x" xmlns:b="urn:y"><b:c id="1">one <i>two</i> three</b:c><d value="v"/></a>`);
    expect(root.local).toBe("a");
    expect(root.ns).toBe("urn:x");
    const c = childNamed(root, "c")!;
    expect(c.ns).toBe("urn:y");
    expect(c.attrs.id).toBe("1");
    expect(c.children.map((n) => n.kind)).toEqual(["text", "element", "text"]);
    expect(textContent(c)).toBe("one two three");
    expect(childNamed(root, "d")!.attrs.value).toBe("v");
  });

  it("refuses any DOCTYPE, so no entity expansion and no external entities", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`;
    expect(rejection(xxe)).toBe("doctype");
    const laughs = `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>`;
    expect(rejection(laughs)).toBe("doctype");
  });

  it("refuses undeclared entities and malformed XML", () => {
    expect(rejection(`<r>&nope;</r>`)).toBe("malformed");
    expect(rejection(`<r><a></r>`)).toBe("malformed");
    expect(rejection(`not xml`)).not.toBeNull();
    expect(rejection(``)).not.toBeNull();
  });

  it("bounds size, depth and node count", () => {
    expect(rejection(`<r>${"x".repeat(200)}</r>`, { maxBytes: 100 })).toBe("too-large");
    expect(rejection("<a>".repeat(50) + "</a>".repeat(50), { maxDepth: 20 })).toBe("too-deep");
    expect(rejection(`<r>${"<i/>".repeat(100)}</r>`, { maxNodes: 50 })).toBe("too-many-nodes");
  });

  it("decodes the predefined and numeric entities", () => {
    expect(textContent(parseXml(`<r>&lt;b&gt; &amp; &#233;</r>`))).toBe("<b> & é");
  });
});

describe("escaping for XML (found by the HTTP fuzz: caller text echoed into an XML answer)", () => {
  it("replaces characters XML cannot carry, so what we write always parses", () => {
    const hostile = "a\u0000b\u0001c\u001fd\uFFFEe\uD800f\uDC00g\u{1F691}h\t\n\r&<>\"";
    expect(escapeXmlText(hostile)).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\u{1F691}h\t\n\r&amp;&lt;&gt;\"");
    const doc = `<x a="${escapeXmlAttr(hostile)}">${escapeXmlText(hostile)}</x>`;
    const root = parseXml(doc);
    expect(textContent(root)).toContain("\u{1F691}");
    expect(root.attrs.a).toContain("&<>\"");
  });
});
