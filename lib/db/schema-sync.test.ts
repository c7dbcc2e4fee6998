import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("one schema for both databases", () => {
  it("the PostgreSQL schema is the SQLite schema with only the provider and client folder changed", () => {
    // Exits non-zero (and the test fails) when prisma/postgres/schema.prisma has drifted.
    execFileSync(process.execPath, ["scripts/prisma-sync-schema.mjs", "--check"], { stdio: "pipe" });
    const sqlite = readFileSync("prisma/schema.prisma", "utf8").split("\n");
    const postgres = readFileSync("prisma/postgres/schema.prisma", "utf8").split("\n").slice(1);
    const differing = sqlite.filter((line, i) => line !== postgres[i]);
    expect(differing.map((l) => l.trim())).toEqual(['output     = "../lib/db/generated/sqlite"', 'provider = "sqlite"']);
  });

  it("both migration histories have the same migrations", () => {
    const list = (dir: string) =>
      execFileSync("ls", [dir]).toString().split("\n").filter((n) => /^\d{14}_/.test(n));
    expect(list("prisma/postgres/migrations")).toEqual(list("prisma/migrations"));
  });
});
