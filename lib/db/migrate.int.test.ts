import { cpSync, mkdtempSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { databaseKind } from "./url";
import { migrate, migrationsDir, pendingMigrations, readMigrations } from "./migrate";
import { db } from "./client";

describe("migrations", () => {
  it("applied every migration and recorded it the way Prisma does", async () => {
    const url = process.env.DATABASE_URL!;
    const local = readMigrations(migrationsDir(databaseKind(url)));
    expect(local.length).toBeGreaterThan(0);
    const rows = await db().$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(local.map((m) => m.checksum));
    expect(await pendingMigrations(url)).toEqual([]);
  });

  it("applies nothing the second time", async () => {
    const result = await migrate(process.env.DATABASE_URL!);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBeGreaterThan(0);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const url = process.env.DATABASE_URL!;
    const root = mkdtempSync(join(tmpdir(), "ed-mig-"));
    const dir = migrationsDir(databaseKind(url), root);
    cpSync(migrationsDir(databaseKind(url)), dir, { recursive: true });
    const first = readMigrations(dir)[0];
    appendFileSync(join(dir, first.name, "migration.sql"), "\n-- edited\n");
    await expect(migrate(url, root)).rejects.toThrow(/changed after it was applied/);
  });
});
