import { describe, expect, it } from "vitest";
import { containsNul, MAX_JSON_DEPTH, nestedDeeperThan } from "./input-guards";

describe("JSON nesting bound (found by the HTTP fuzz: a deeply nested body overflowed the stack, a 500)", () => {
  const nest = (depth: number, arrays: boolean) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return v;
  };

  it("counts objects and arrays alike, and allows exactly the limit", () => {
    expect(nestedDeeperThan(nest(MAX_JSON_DEPTH, false), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan({ a: nest(MAX_JSON_DEPTH, true) }, MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan({ a: [{ b: 1 }], c: "x" }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it("walks a body nested a hundred thousand deep without overflowing the stack", () => {
    const text = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    expect(nestedDeeperThan(JSON.parse(text), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe("NUL characters (found by the HTTP fuzz on PostgreSQL: text there cannot hold NUL, a 500)", () => {
  it("finds a NUL in any string, key or value, however deep", () => {
    expect(containsNul({ a: [{ b: "ok" }], c: 1, d: null })).toBe(false);
    expect(containsNul({ a: [{ b: "o\u0000k" }] })).toBe(true);
    expect(containsNul({ a: { "k\u0000": 1 } })).toBe(true);
    expect(containsNul([["x", "\u0000"]])).toBe(true);
    expect(containsNul({ id: "a\u0000b" })).toBe(true);
    expect(containsNul("plain")).toBe(false);
  });
});
