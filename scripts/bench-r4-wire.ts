/**
 * Micro-benchmark of the BaRS R4 wire layer on the full-size synthetic referral (about 60 KB of XML):
 * parse + validate + serialise, in XML and in JSON. The door's budget is well under 50 ms per message.
 *   npx tsx scripts/bench-r4-wire.ts [iterations]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseR4Body, serialiseR4, validateR4, type R4Format } from "../lib/doors/bars-r4/wire";

const iterations = Number(process.argv[2] ?? 200);
const xml = readFileSync(path.join(__dirname, "../lib/doors/bars-r4/wire/fixtures/referral-full.xml"), "utf8");
const first = parseR4Body(xml, "xml");
if (!first.ok) throw new Error(first.detail);
const bodies: Record<R4Format, string> = { xml, json: JSON.stringify(first.resource) };

function once(format: R4Format): { parse: number; validate: number; serialise: number } {
  const t0 = performance.now();
  const r = parseR4Body(bodies[format], format);
  const t1 = performance.now();
  if (!r.ok) throw new Error(r.detail);
  const v = validateR4(r.resource);
  const t2 = performance.now();
  if (v.errors.length) throw new Error(v.errors[0].message);
  serialiseR4(r.resource, format);
  return { parse: t1 - t0, validate: t2 - t1, serialise: performance.now() - t2 };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const fmt = (n: number) => n.toFixed(2).padStart(7);

for (const format of ["xml", "json"] as const) {
  for (let i = 0; i < 20; i++) once(format); // warm up
  const runs = Array.from({ length: iterations }, () => once(format));
  const col = (k: keyof ReturnType<typeof once>) => runs.map((r) => r[k]);
  const total = runs.map((r) => r.parse + r.validate + r.serialise);
  console.log(
    `${format.padEnd(4)} ${(Buffer.byteLength(bodies[format]) / 1024).toFixed(1)} KB  median ms: parse ${fmt(pct(col("parse"), 50))} validate ${fmt(pct(col("validate"), 50))} ` +
      `serialise ${fmt(pct(col("serialise"), 50))} total ${fmt(pct(total, 50))}   p95 total ${fmt(pct(total, 95))}  (${iterations} runs)`,
  );
}
