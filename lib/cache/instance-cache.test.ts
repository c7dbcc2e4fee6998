import { describe, expect, it } from "vitest";
import { clearInstanceCaches, declareInstanceCache, DerivedValues, listInstanceCaches } from "./instance-cache";

describe("per-instance caches", () => {
  it("serves a versioned entry only under the version it was stored with", () => {
    const c = declareInstanceCache<string>({ name: "test-versioned", maxEntries: 10, versionedBy: "a test version" });
    c.set("k", "v1", "1");
    expect(c.get("k", "1")).toBe("v1");
    expect(c.get("k", "2")).toBeUndefined();
    expect(c.get("k")).toBeUndefined();
  });

  it("does not serve an entry older than its TTL", () => {
    let now = 1_000;
    const c = declareInstanceCache<number>({ name: "test-ttl", maxEntries: 10, ttlMs: 5_000, now: () => now });
    c.set("k", 1);
    now += 4_999;
    expect(c.get("k")).toBe(1);
    now += 1;
    expect(c.get("k")).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("drops what was stored longest ago past its size, counting a re-store as new", () => {
    const c = declareInstanceCache<number>({ name: "test-size", maxEntries: 2 });
    c.set("a", 1);
    c.set("b", 2);
    c.set("a", 3);
    c.set("c", 4);
    expect([c.get("a"), c.get("b"), c.get("c")]).toEqual([3, undefined, 4]);
  });

  it("is one cache per name in the process, and all are cleared together", () => {
    const a = declareInstanceCache<number>({ name: "test-shared", maxEntries: 5 });
    a.set("k", 1);
    const again = declareInstanceCache<number>({ name: "test-shared", maxEntries: 7 });
    expect(again).toBe(a);
    expect(a.get("k")).toBeUndefined();
    again.set("k", 2);
    expect(listInstanceCaches().find((l) => l.name === "test-shared")).toEqual({ name: "test-shared", size: 1, maxEntries: 7 });
    clearInstanceCaches();
    expect(listInstanceCaches().every((l) => l.size === 0)).toBe(true);
  });

  it("keeps a derived value made once per key", () => {
    const d = new DerivedValues();
    let made = 0;
    const make = () => ({ n: ++made });
    expect(d.get("x", make)).toBe(d.get("x", make));
    expect(made).toBe(1);
  });
});
