/**
 * Test support: fast-check generators of random, structurally valid FHIR JSON for any resource of the model,
 * built from the same definitions as validation and XML. Used by property tests to show that the derived parts
 * agree with each other (everything generated validates and survives JSON -> XML -> JSON).
 */
import fc from "fast-check";
import { choiceJsonName, isPrimitiveType, type Elements, type PrimitiveType, type ResourceName, type TypeRef } from "../doors/uec-stu3/model/define";
import { DATATYPES, RESOURCES } from "../doors/uec-stu3/model/registry";

type Json = Record<string, unknown>;
type Entry = [string, unknown];

const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
const text = fc
  .string({ minLength: 1, maxLength: 20 })
  .map((s) => s.replace(/[\u0000-\u001f\ufffe\uffff\ud800-\udfff]/g, "x").trim())
  .filter((s) => s.length > 0);
const date = fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });

const PRIMITIVES: Record<PrimitiveType, fc.Arbitrary<unknown>> = {
  boolean: fc.boolean(),
  integer: fc.integer({ min: -1000, max: 1000 }).filter((n) => !Object.is(n, -0)),
  decimal: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  unsignedInt: fc.nat({ max: 100000 }),
  positiveInt: fc.integer({ min: 1, max: 100000 }),
  string: text,
  markdown: text,
  code: fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(" ")),
  id: fc.stringMatching(/^[A-Za-z0-9\-.]{1,20}$/),
  uri: word.map((w) => `https://example.org/${w}`),
  oid: fc.nat({ max: 999 }).map((n) => `urn:oid:2.16.${n}`),
  base64Binary: word.map((w) => Buffer.from(w).toString("base64")),
  instant: date.map((d) => d.toISOString()),
  date: date.map((d) => d.toISOString().slice(0, 10)),
  dateTime: date.map((d) => d.toISOString().replace(".000Z", "+00:00")),
  time: fc.tuple(fc.nat({ max: 23 }), fc.nat({ max: 59 })).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00`),
  xhtml: text.map((t) => `<div xmlns="http://www.w3.org/1999/xhtml"><p>${t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p></div>`),
};

/** Optional elements appear about one time in four. */
function maybe(arb: fc.Arbitrary<Entry[]>): fc.Arbitrary<Entry[]> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant([] as Entry[]) }, { weight: 1, arbitrary: arb });
}

/** Below this depth only required elements are generated, which ends the recursion (Extension.extension…). */
const MAX_DEPTH = 3;

function valueOf(type: Exclude<TypeRef, { kind: "choice" }>, depth: number): fc.Arbitrary<unknown> {
  if (isPrimitiveType(type)) return PRIMITIVES[type];
  if (type === "Resource") return fc.constantFrom<ResourceName>("Slot", "Schedule", "Organization", "Patient").chain((n) => resourceOf(n, depth + 1, false));
  if (typeof type === "string") return objectOf(DATATYPES[type as keyof typeof DATATYPES].elements, depth + 1, false);
  return objectOf(type.elements, depth + 1, false);
}

function objectOf(elements: Elements, depth: number, allowContained: boolean): fc.Arbitrary<Json> {
  const parts = Object.entries(elements).map(([name, def]): fc.Arbitrary<Entry[]> => {
    if (name === "contained" && !allowContained) return fc.constant([]);
    if (def.min !== 1 && depth > MAX_DEPTH) return fc.constant([]);
    const t = def.type;
    const one = (type: Exclude<TypeRef, { kind: "choice" }>, key: string): fc.Arbitrary<Entry[]> =>
      def.max === "*" ? fc.array(valueOf(type, depth), { minLength: 1, maxLength: 2 }).map((v) => [[key, v]]) : valueOf(type, depth).map((v) => [[key, v]]);
    const present: fc.Arbitrary<Entry[]> =
      typeof t === "object" && t.kind === "choice" ? fc.constantFrom(...t.types).chain((variant) => one(variant, choiceJsonName(name, variant))) : one(t as Exclude<TypeRef, { kind: "choice" }>, name);
    return def.min === 1 ? present : maybe(present);
  });
  return fc.tuple(...parts).map((entries) => Object.fromEntries(entries.flat()));
}

/** A random, structurally valid resource of this type. */
export function resourceOf(name: ResourceName, depth = 0, allowContained = true): fc.Arbitrary<Json> {
  return objectOf(RESOURCES[name].elements, depth, allowContained).map((body) => ({ resourceType: name, ...body }));
}
