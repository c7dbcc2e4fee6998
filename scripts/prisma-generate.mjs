// Generates both Prisma clients (SQLite and PostgreSQL) with the engine-free "client" generator.
// Runs on `npm install`; needs no network and no Prisma engine binary.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prisma = join(root, "node_modules/prisma/build/index.js");
// prisma.config.ts picks the adapter from DATABASE_URL, and generation needs the matching one.
const targets = [
  ["prisma/schema.prisma", "file:./data/ed.db"],
  ["prisma/postgres/schema.prisma", "postgres://localhost/unused"],
];
for (const [schema, url] of targets) {
  execFileSync(process.execPath, [prisma, "generate", "--schema", schema], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1", DATABASE_URL: url },
  });
}
