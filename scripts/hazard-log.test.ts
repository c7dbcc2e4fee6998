/**
 * The safety case holds only if what it cites is real: every file the clinical-safety documents name exists, and
 * every test they quote by name ("…" after a test file) is a test title in that file. A renamed or deleted test
 * fails here, not at an assurance review.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
const DOCS = join(ROOT, "docs", "clinical-safety");
const PATH = /`((?:lib|app|components|scripts|e2e|api-tests|prisma|docs|bench|deploy)\/[^`\s]+?)`/g;
const TEST_FILE = /\.(test|spec)\.tsx?$|^scripts\/.+\.(mjs|ts)$/;

export interface Citation {
  doc: string;
  path: string;
  /** Test titles quoted right after the path, without a trailing ellipsis. */
  titles: string[];
}

/** The files a document cites, and the test titles quoted after each (`file` ("title…", "other")). */
export function citations(doc: string, text: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(PATH)) {
    const path = m[1].replace(/[#:].*$/, "").replace(/[.,;]+$/, "");
    const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 400);
    const titles: string[] = [];
    const paren = /^\s*\(([^)]*)\)/.exec(after);
    const quoted = paren ? paren[1] : (/^\s*("[^"]+"(?:\s*(?:,|and)\s*"[^"]+")*)/.exec(after)?.[1] ?? "");
    for (const q of quoted.matchAll(/"([^"]+)"/g)) titles.push(q[1].replace(/…$/, "").replace(/\s+/g, " ").trim());
    out.push({ doc, path, titles: TEST_FILE.test(path) ? titles.filter((t) => t.length >= 8) : [] });
  }
  return out;
}

/** What is wrong with one citation, or null. */
export function problem(c: Citation, read: (path: string) => string | null): string | null {
  const text = read(c.path);
  if (text === null) return `${c.doc} cites ${c.path}, which does not exist`;
  const flat = text.replace(/\s+/g, " ");
  for (const t of c.titles) {
    // A quoted title may start mid-way ("…stores nothing for the losers") or be cut short with an ellipsis.
    const core = t.replace(/^…/, "").split("…")[0].trim();
    if (core && !flat.includes(core)) return `${c.doc} quotes "${t}" from ${c.path}, which has no such test`;
  }
  return null;
}

function readRepoFile(path: string): string | null {
  const full = join(ROOT, path);
  if (!existsSync(full)) return null;
  try {
    return readFileSync(full, "utf8");
  } catch {
    return ""; // a directory: it exists
  }
}

describe("the clinical safety documents cite what exists", () => {
  const docs = readdirSync(DOCS).filter((f) => f.endsWith(".md"));
  const all = docs.flatMap((d) => citations(`docs/clinical-safety/${d}`, readFileSync(join(DOCS, d), "utf8")));

  it("finds citations to check (the hazard log names its code and tests)", () => {
    expect(all.filter((c) => TEST_FILE.test(c.path)).length).toBeGreaterThan(50);
  });

  it("every cited file exists and every quoted test is in its file", () => {
    expect(all.map((c) => problem(c, readRepoFile)).filter(Boolean)).toEqual([]);
  });

  it("catches a missing file and a test that is not there", () => {
    const cited = citations("x.md", 'Proved by `lib/no-such-file.test.ts` and `lib/a.test.ts` ("refuses a thing…", "books a slot").');
    const files: Record<string, string> = { "lib/a.test.ts": 'it("books a slot", () => {})' };
    const read = (p: string) => files[p] ?? null;
    expect(cited.map((c) => problem(c, read))).toEqual([
      "x.md cites lib/no-such-file.test.ts, which does not exist",
      'x.md quotes "refuses a thing" from lib/a.test.ts, which has no such test',
    ]);
  });
});
