/**
 * Generated resources of every type in the model, with random elements of every kind the model has (choice
 * variants, backbone and contentReference elements, repeating primitives with `_name` companions, contained
 * resources, attributes), must come back unchanged through XML. A fixed seed keeps the run the same every time.
 */
import { describe, expect, it } from "vitest";
import { contentOf, formsOf, kindOf, primitiveOf, resourceElements, type R4ElementData } from "../model";
import { parseR4Body, R4_RESOURCE_TYPES, serialiseR4, type R4Resource } from ".";

type Json = Record<string, unknown>;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ["Jo", "A & B <c> \"d\" 'e'", "line one\nline two\ttab", "  padded  ", "é € 😀 ü", "urn:uuid:5d6e7f80-91a2-4b3c-8d4e-5f60718293a4", "0"];
const DIV = '<div xmlns="http://www.w3.org/1999/xhtml"><p>Synthetic <b>text</b> &amp; more</p></div>';

function generator(seed: number) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

  function primitive(type: string): unknown {
    const json = primitiveOf(type)?.json;
    if (type === "xhtml") return DIV;
    if (json === "boolean") return rand() < 0.5;
    if (json === "number") return type === "decimal" ? pick([0, 1.5, -12.25, 1e-7, 123456.789]) : Math.floor(rand() * 1000) + 1;
    return pick(STRINGS);
  }

  function content(elements: readonly R4ElementData[], depth: number): Json {
    const forms = formsOf(elements);
    const obj: Json = {};
    const chance = depth < 2 ? 0.5 : depth < 4 ? 0.25 : 0.08;
    for (const el of elements) {
      if (rand() > chance && !(el.attr && rand() < 0.3)) continue;
      if (depth > 5 && (el.n === "extension" || el.n === "modifierExtension" || el.n === "contained")) continue;
      const name = el.n.endsWith("[x]") ? el.n.slice(0, -3) + capital(pick(el.t ?? [])) : el.n;
      const form = forms.get(name);
      if (!form) continue;
      const kind = kindOf(form);
      if (kind === "resource" && depth > 3) continue;
      const count = form.el.max === 1 ? 1 : 1 + Math.floor(rand() * 2);
      const values: unknown[] = [];
      const extras: (Json | null)[] = [];
      for (let i = 0; i < count; i++) {
        if (kind === "primitive") {
          const withExtras = !el.attr && form.type !== "xhtml" && rand() < 0.15;
          values.push(withExtras && rand() < 0.3 ? null : primitive(form.type));
          extras.push(withExtras ? { id: `x${i}`, extension: [{ url: "http://example.org/e", valueString: "v" }] } : null);
        } else if (kind === "resource") {
          values.push(resource(pick(R4_RESOURCE_TYPES.filter((t) => t !== "Bundle")), depth + 1));
          extras.push(null);
        } else {
          const child = content(contentOf(form), depth + 1);
          if (Object.keys(child).length === 0) continue;
          values.push(child);
          extras.push(null);
        }
      }
      if (values.length === 0) continue;
      const many = form.el.max !== 1;
      if (values.some((v) => v !== null)) obj[name] = many ? values : values[0];
      if (extras.some((x) => x !== null)) obj[`_${name}`] = many ? extras : extras[0];
    }
    return obj;
  }

  function resource(type: string, depth: number): R4Resource {
    return { resourceType: type, ...content(resourceElements(type)!, depth) };
  }
  return resource;
}

function capital(t: string): string {
  return t ? t[0].toUpperCase() + t.slice(1) : t;
}

function readBack(xml: string): R4Resource {
  const r = parseR4Body(xml, "xml");
  if (!r.ok) throw new Error(`${r.kind}: ${r.detail}`);
  expect(r.warnings).toEqual([]);
  return r.resource;
}

describe("generated resources of every R4 type round-trip through XML", () => {
  it("JSON -> XML -> JSON is the identity and XML -> JSON -> XML is stable (360 resources, fixed seed)", () => {
    let elements = 0;
    let companions = 0;
    let choices = 0;
    for (let round = 0; round < 10; round++) {
      for (const [i, type] of R4_RESOURCE_TYPES.entries()) {
        const resource = generator(round * 1000 + i)(type, 0);
        const xml = serialiseR4(resource, "xml");
        const back = readBack(xml);
        expect(back, `${type} seed ${round * 1000 + i}`).toEqual(resource);
        expect(serialiseR4(back, "xml")).toBe(xml);
        elements += xml.split("<").length;
        companions += (xml.match(/ id="x\d"/g) ?? []).length;
        choices += (JSON.stringify(resource).match(/"(value|effective|onset|occurrence|deceased|multipleBirth)[A-Z]/g) ?? []).length;
      }
    }
    // The run is only worth something if it exercised these.
    expect(elements).toBeGreaterThan(20_000);
    expect(companions).toBeGreaterThan(100);
    expect(choices).toBeGreaterThan(100);
  });
});
