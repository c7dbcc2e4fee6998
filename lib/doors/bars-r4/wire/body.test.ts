import { describe, expect, it } from "vitest";
import { jsonDepth, parseR4Body } from ".";

describe("parseR4Body (JSON)", () => {
  it("reads a resource", () => {
    const r = parseR4Body('{"resourceType":"Patient","active":true}', "json");
    expect(r).toEqual({ ok: true, resource: { resourceType: "Patient", active: true }, warnings: [] });
  });

  it("refuses JSON nested 100,000 deep quickly and without overflowing the stack", () => {
    const text = `{"resourceType":"Patient","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const started = performance.now();
    const r = parseR4Body(text, "json");
    expect(r).toMatchObject({ ok: false, kind: "structure", detail: expect.stringContaining("deeper than 64") });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("refuses extensions nested 20,000 deep", () => {
    const open = '{"url":"http://example.org/x","extension":['.repeat(20_000);
    const text = `{"resourceType":"Patient","extension":[${open}{"url":"x","valueString":"deep"}${"]}".repeat(20_000)}]}`;
    expect(parseR4Body(text, "json")).toMatchObject({ ok: false, kind: "structure" });
  });

  it("accepts nesting up to the limit and counts brackets inside strings as text", () => {
    expect(jsonDepth('{"a":"[[[[{{{{","b":[{"c":"\\"]"}]}')).toBe(3);
    expect(parseR4Body(`{"resourceType":"Basic","x":${"[".repeat(63)}${"]".repeat(63)}}`, "json").ok).toBe(true);
    expect(parseR4Body(`{"resourceType":"Basic","x":${"[".repeat(64)}${"]".repeat(64)}}`, "json").ok).toBe(false);
  });

  it("answers structure for truncated or empty JSON and invalid for JSON that is not a resource", () => {
    expect(parseR4Body('{"resourceType":"Patient","name":[{"family":"EX', "json")).toMatchObject({ ok: false, kind: "structure" });
    expect(parseR4Body("   ", "json")).toMatchObject({ ok: false, kind: "structure" });
    expect(parseR4Body("[1,2]", "json")).toMatchObject({ ok: false, kind: "invalid" });
    expect(parseR4Body('{"name":"x"}', "json")).toMatchObject({ ok: false, kind: "invalid", detail: expect.stringContaining("resourceType") });
  });

  it("refuses a key given twice in one object (invalid), wherever it is, but not the same key in sibling objects", () => {
    const twice = '{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000018","value":"9990000026"}]}';
    expect(parseR4Body(twice, "json")).toMatchObject({ ok: false, kind: "invalid", detail: expect.stringContaining('"value" twice') });
    expect(parseR4Body('{"resourceType":"Patient","resourceType":"Basic"}', "json")).toMatchObject({ ok: false, kind: "invalid" });
    const siblings = '{"resourceType":"Patient","name":[{"family":"A","given":["x,y"]},{"family":"B"}],"text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">\\"family\\"</div>"},"family":1}';
    expect(parseR4Body(siblings, "json")).toMatchObject({ ok: true });
  });

  it("ignores a byte-order mark and refuses a body over the byte limit", () => {
    expect(parseR4Body('\uFEFF{"resourceType":"Patient"}', "json").ok).toBe(true);
    const big = `{"resourceType":"Patient","id":"${"é".repeat(600)}"}`;
    expect(parseR4Body(big, "json", { maxBytes: 1000 })).toMatchObject({ ok: false, kind: "structure", detail: expect.stringContaining("larger than 1000") });
    expect(parseR4Body(big, "json", { maxBytes: 2000 }).ok).toBe(true);
  });
});
