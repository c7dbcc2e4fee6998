import { describe, expect, it } from "vitest";
import { CR, FS, MllpFramer, VT, mllpFrame } from "./mllp-framer";

const limits = { maxMessageBytes: 100, maxNoiseBytes: 10 };
const frames = (evs: ReturnType<MllpFramer["push"]>) => evs.map((e) => (e.kind === "frame" ? e.bytes.toString() : e.kind));

describe("MLLP framing", () => {
  it("finds frames split anywhere, several in one chunk, and a frame whose FS and CR arrive apart", () => {
    const f = new MllpFramer(limits);
    expect(frames(f.push(Buffer.from([VT, 0x41])))).toEqual([]);
    expect(frames(f.push(Buffer.from([0x42, FS])))).toEqual([]);
    expect(frames(f.push(Buffer.concat([Buffer.from([CR]), mllpFrame("C"), mllpFrame("D")])))).toEqual(["AB", "C", "D"]);
  });
  it("reports an oversize frame once, keeping its head, and frames the next normally", () => {
    const f = new MllpFramer(limits);
    const evs = f.push(Buffer.concat([mllpFrame("MSH|" + "x".repeat(200)), mllpFrame("ok")]));
    expect(evs[0]).toMatchObject({ kind: "oversize", length: 204 });
    expect(evs[0].kind === "oversize" && evs[0].head.toString().startsWith("MSH|")).toBe(true);
    expect(frames(evs.slice(1))).toEqual(["ok"]);
  });
  it("says when there is too much noise outside frames", () => {
    const f = new MllpFramer(limits);
    expect(frames(f.push(Buffer.from("x".repeat(11))))).toEqual(["noise"]);
  });
  it("drops a frame that never ended when a new one starts", () => {
    const f = new MllpFramer(limits);
    expect(frames(f.push(Buffer.concat([Buffer.from([VT]), Buffer.from("lost"), mllpFrame("kept")])))).toEqual(["kept"]);
  });
});
