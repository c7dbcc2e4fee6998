// Migrates the database DATABASE_URL names and seeds it when empty (SEED_PROFILE: demo, assurance, none).
// Run by `npm start` before the server starts; safe to run on several instances at once.
import { migrate } from "../lib/db/migrate";
import { createDb } from "../lib/db/client";
import { databaseKind, databaseUrl } from "../lib/db/url";
import { seedIfEmpty, seedProfile } from "../lib/seed/seed-if-empty";
import { productionProblems, readDeploymentConfig } from "../lib/config/deployment";

async function main() {
  const problems = productionProblems(readDeploymentConfig());
  if (problems.length) {
    console.error("[config] refusing to start in production:\n  - " + problems.join("\n  - "));
    process.exit(1);
  }
  const url = databaseUrl();
  const kind = databaseKind(url);
  const result = await migrate(url);
  console.log(`[db] ${kind}: ${result.applied.length ? `applied ${result.applied.join(", ")}` : "migrations up to date"}`);
  const client = createDb(url);
  try {
    const profile = seedProfile();
    const seeded = await seedIfEmpty(client, profile);
    console.log(`[db] seed (${profile}): ${seeded}`);
  } finally {
    await client.$disconnect();
  }
}

main().catch((e) => {
  console.error(`[db] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
