import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readBody } from "./read-body";

const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://x/STU3/1/Appointment", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readBody", () => {
  it("reads plain and gzipped bodies", async () => {
    expect(await readBody(post('{"a":1}'))).toEqual({ ok: true, text: '{"a":1}' });
    expect(await readBody(post(gzipSync('{"b":2}'), { "content-encoding": "gzip" }))).toEqual({ ok: true, text: '{"b":2}' });
  });

  it("refuses an oversized body by its declared length and by what arrives", async () => {
    expect(await readBody(post("x".repeat(100), { "content-length": "100" }), 50)).toMatchObject({ ok: false, problem: { kind: "too-large" } });
    expect(await readBody(post("x".repeat(100)), 50)).toMatchObject({ ok: false, problem: { kind: "too-large" } });
  });

  it("refuses a gzip bomb without expanding it, and bad gzip as malformed", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024)); // 50 MiB of zeros, ~50 KiB compressed
    const before = process.memoryUsage().rss;
    expect(await readBody(post(bomb, { "content-encoding": "gzip" }))).toMatchObject({ ok: false, problem: { kind: "too-large" } });
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
    expect(await readBody(post("not gzip", { "content-encoding": "gzip" }))).toMatchObject({ ok: false, problem: { kind: "malformed" } });
  });
});
