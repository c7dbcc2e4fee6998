// Writes prisma/postgres/schema.prisma from prisma/schema.prisma.
// The two differ only in the datasource provider and the generated client's folder.
// `--check` exits 1 (and says why) when the PostgreSQL copy has drifted.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "prisma/schema.prisma");
const target = join(root, "prisma/postgres/schema.prisma");

export function toPostgres(schema) {
  const out = schema
    .replace('output     = "../lib/db/generated/sqlite"', 'output     = "../../lib/db/generated/postgres"')
    .replace('provider = "sqlite"', 'provider = "postgresql"');
  if (out === schema || !out.includes('"postgresql"') || !out.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma no longer has the expected generator output or datasource lines");
  }
  return (
    "// GENERATED from prisma/schema.prisma by `npm run db:schema:sync`. Do not edit.\n" + out
  );
}

const wanted = toPostgres(readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  let actual = "";
  try {
    actual = readFileSync(target, "utf8");
  } catch {}
  if (actual !== wanted) {
    console.error("prisma/postgres/schema.prisma differs from prisma/schema.prisma: run `npm run db:schema:sync`");
    process.exit(1);
  }
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, wanted);
  console.log("wrote prisma/postgres/schema.prisma");
}
