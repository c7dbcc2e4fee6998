// npm run db:restore -- <backup file> [--force]: puts a backup made by db:backup in place of the embedded SQLite
// database (DATABASE_URL, default file:./data/ed.db). Verifies the backup first (integrity_check; migrations not
// newer than this version's); refuses while any process has the database open or it is being written; needs
// --force to replace an existing database, which is first kept as a safety copy in data/backups/pre-restore-*.
// PostgreSQL: prints what to use instead.
import { restoreSqlite, RestoreRefused } from "../lib/db/backup";
import { databaseKind, databaseUrl, sqlitePath } from "../lib/db/url";
import { POSTGRES_BACKUP_GUIDANCE } from "../lib/db/postgres-guidance";

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const files = args.filter((a) => a !== "--force");
  if (files.length !== 1 || files[0].startsWith("--")) {
    console.error("Usage: npm run db:restore -- <backup file> [--force]");
    process.exit(2);
  }
  const url = databaseUrl();
  if (databaseKind(url) === "postgres") {
    console.error(POSTGRES_BACKUP_GUIDANCE);
    console.error("db:restore did nothing: this database is PostgreSQL.");
    process.exit(2);
  }
  try {
    const r = await restoreSqlite(sqlitePath(url), files[0], { force });
    if (r.safetyCopy) console.log(`[restore] the database that was in place is kept at ${r.safetyCopy}`);
    console.log(`[restore] ${files[0]} is now ${r.restored} (${r.migrations.length} migrations${r.pending.length ? `; npm start will apply ${r.pending.join(", ")}` : ""})`);
  } catch (e) {
    if (e instanceof RestoreRefused) {
      console.error(`[restore] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

main().catch((e) => {
  console.error(`[restore] failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
