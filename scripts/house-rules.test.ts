import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The house rules (.dependency-cruiser.cjs) are only worth having if each one fails on the thing it forbids and
 * lets through what DESIGN.md allows. So the same config is run, with the same command-line tool `npm run lint:deps`
 * uses, over a small tree of deliberate violations and allowed neighbours written to a temporary folder (outside
 * the repository, so no real run, type check or lint ever sees them), and the violations must be exactly those.
 * Then the real tree is run without the known-violations list: anything it finds must be on that list.
 */

const ROOT = path.resolve(__dirname, "..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const KNOWN = path.join(ROOT, ".dependency-cruiser-known-violations.json");
const DEPCRUISE = path.join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
/** The folders and files `npm run lint:deps` cruises. */
const REAL_ROOTS = ["lib", "app", "components", "proxy.ts", "instrumentation.ts"];

interface Violation {
  rule: string;
  severity?: string;
  from: string;
  to: string;
}

function cruise(cwd: string, roots: string[]): Violation[] {
  const r = spawnSync(process.execPath, [DEPCRUISE, "--config", CONFIG, "--no-ignore-known", "--output-type", "json", ...roots], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (!r.stdout) throw new Error(`dependency-cruiser gave no answer: ${r.stderr}`);
  const result = JSON.parse(r.stdout) as { summary: { violations: { rule: { name: string; severity: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => ({ rule: v.rule.name, severity: v.rule.severity, from: v.from, to: v.to }));
}

const key = (v: Violation) => `${v.rule}: ${v.from} → ${v.to}`;
/** Prisma's package seen from the temporary tree: through the symlinked node_modules, wherever it really lives. */
const prisma = (to: string) => /(^|\/)node_modules\/@prisma\/client\//.test(to);

/** Each file either breaks exactly one rule (named in its path) or is an allowed neighbour that must pass. */
const FIXTURES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", jsx: "react-jsx", paths: { "@/*": ["./*"] } } }),
  "lib/db/client.ts": "export const db = () => null;\n",
  "lib/booking/read-thing.ts": "export const readThing = () => 1;\n",
  "lib/capacity/plan.ts": "export const plan = () => 1;\n",
  "lib/doors/http/read-body.ts": "export const readBody = () => '';\n",
  "lib/doors/fixture-door/door-entry.ts": "export const handle = () => new Response();\n",
  "lib/testing/fixture-builder.ts": "export const buildFixture = () => ({});\n",

  // 1. doors never import the database, not even a row type; a door's own test may.
  "lib/doors/fixture-door/reads-db.ts": 'import { db } from "@/lib/db/client";\nexport const x = db;\n',
  "lib/doors/fixture-door/borrows-row-type.ts": 'import type { Prisma } from "@prisma/client";\nexport type Row = Prisma.JsonValue;\n',
  "lib/doors/fixture-door/reads-db.test.ts": 'import { db } from "../../db/client";\nexport const y = db;\n',

  // 2. no Prisma outside lib/; tools and tests outside lib/ may.
  "app/fixture/page.tsx": 'import { PrismaClient } from "@prisma/client";\nexport default function Page() { return String(PrismaClient); }\n',
  "components/FixtureWidget.tsx": 'import { db } from "../lib/db/client";\nexport const W = () => String(db);\n',
  "proxy.ts": 'import { db } from "./lib/db/client";\nexport const proxy = db;\n',
  "scripts/fixture-tool.ts": 'import { db } from "../lib/db/client";\nimport { buildFixture } from "../lib/testing/fixture-builder";\nexport const t = [db, buildFixture];\n',

  // 3a. a standard's routes import only their door (and the framework).
  "app/STU3/1/Fixture/route.ts":
    'import { NextResponse } from "next/server";\nimport { handle } from "@/lib/doors/fixture-door/door-entry";\nimport { readThing } from "@/lib/booking/read-thing";\nexport const GET = () => NextResponse.json([handle, readThing]);\n',
  "app/R4/Fixture/route.ts": 'import { plan } from "@/lib/capacity/plan";\nexport const GET = plan;\n',
  "app/itk/fixture/route.ts": 'import { handle } from "@/lib/doors/fixture-door/door-entry";\nexport const POST = handle;\n',

  // 3b. staff pages and JSON routes use staff use cases, not a door's internals; the shared HTTP edge is fine.
  "app/(staff)/fixture/page.tsx": 'import { handle } from "@/lib/doors/fixture-door/door-entry";\nexport default function Page() { return String(handle); }\n',
  "app/api/fixture/route.ts": 'import { readBody } from "@/lib/doors/http/read-body";\nimport { plan } from "@/lib/capacity/plan";\nexport const POST = () => [readBody, plan];\n',

  // 4. production code never imports test code; tests and tools may.
  "lib/capacity/uses-fixture.ts": 'import { buildFixture } from "@/lib/testing/fixture-builder";\nexport const u = buildFixture;\n',
  "lib/capacity/uses-fixture.test.ts": 'import { buildFixture } from "@/lib/testing/fixture-builder";\nexport const v = buildFixture;\n',

  // 5. no cycles.
  "lib/clinical/cycle-a.ts": 'import { b } from "./cycle-b";\nexport const a = () => b;\n',
  "lib/clinical/cycle-b.ts": 'import { a } from "./cycle-a";\nexport const b = () => a;\n',

  // An import nobody can resolve would slip past every rule.
  "lib/capacity/unresolved.ts": 'import { nothing } from "@/lib/does-not-exist";\nexport const n = nothing;\n',
};

describe("house rules (.dependency-cruiser.cjs)", () => {
  let dir: string;
  let found: Violation[];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "house-rules-"));
    for (const [file, text] of Object.entries(FIXTURES)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    // Real packages, so @prisma/client and next resolve as they do in the repository.
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    found = cruise(dir, ["lib", "app", "components", "scripts", "proxy.ts"]);
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const of = (rule: string) =>
    found
      .filter((v) => v.rule === rule)
      .map((v) => `${v.from} → ${prisma(v.to) ? "@prisma/client" : v.to}`)
      .sort();

  it("doors-never-import-database: a door reading the database or borrowing a Prisma type fails; its test does not", () => {
    expect(of("doors-never-import-database")).toEqual([
      "lib/doors/fixture-door/borrows-row-type.ts → @prisma/client",
      "lib/doors/fixture-door/reads-db.ts → lib/db/client.ts",
    ]);
  });

  it("no-prisma-outside-lib: a page, a component and proxy.ts importing Prisma or lib/db fail; a script does not", () => {
    expect(of("no-prisma-outside-lib")).toEqual(["app/fixture/page.tsx → @prisma/client", "components/FixtureWidget.tsx → lib/db/client.ts", "proxy.ts → lib/db/client.ts"]);
  });

  it("app-standard-routes-only-doors: STU3 and R4 routes reaching past their door fail; next/server and the door itself do not", () => {
    expect(of("app-standard-routes-only-doors")).toEqual(["app/R4/Fixture/route.ts → lib/capacity/plan.ts", "app/STU3/1/Fixture/route.ts → lib/booking/read-thing.ts"]);
  });

  it("app-staff-no-door-internals: a staff page importing a door fails; a JSON route using lib/doors/http does not", () => {
    expect(of("app-staff-no-door-internals")).toEqual(["app/(staff)/fixture/page.tsx → lib/doors/fixture-door/door-entry.ts"]);
  });

  it("production-never-imports-test-code: a use case importing lib/testing fails; its test and a script do not", () => {
    expect(of("production-never-imports-test-code")).toEqual(["lib/capacity/uses-fixture.ts → lib/testing/fixture-builder.ts"]);
  });

  it("no-circular: two modules importing each other fail", () => {
    // A cycle is reported once, from whichever of its modules the cruiser met first.
    const cycles = found.filter((v) => v.rule === "no-circular");
    expect(cycles.map((v) => [v.from, v.to].sort())).toEqual([["lib/clinical/cycle-a.ts", "lib/clinical/cycle-b.ts"]]);
  });

  it("imports-resolve: an import that resolves to nothing fails", () => {
    expect(of("imports-resolve")).toEqual(["lib/capacity/unresolved.ts → @/lib/does-not-exist"]);
  });

  it("reports every violation as an error (so the run fails), and nothing else", () => {
    expect(found.filter((v) => v.severity !== "error").map(key)).toEqual([]);
    const rules = ["doors-never-import-database", "no-prisma-outside-lib", "app-standard-routes-only-doors", "app-staff-no-door-internals", "production-never-imports-test-code", "no-circular", "imports-resolve"];
    expect(found.filter((v) => !rules.includes(v.rule)).map(key)).toEqual([]);
  });
});

describe("the repository keeps the house rules", () => {
  it("breaks none of them except the known violations being removed (.dependency-cruiser-known-violations.json)", () => {
    const known = new Set((JSON.parse(readFileSync(KNOWN, "utf8")) as { rule: { name: string }; from: string; to: string }[]).map((v) => key({ rule: v.rule.name, from: v.from, to: v.to })));
    const unexpected = cruise(ROOT, REAL_ROOTS).map(key).filter((k) => !known.has(k));
    expect(unexpected).toEqual([]);
  }, 60_000);
});
