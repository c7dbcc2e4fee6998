// npm run db:backup [-- --out path]: a consistent online copy of the embedded SQLite database (DATABASE_URL,
// default file:./data/ed.db), safe while the server runs and writes. Default ./data/backups/ed-<UTC time>.db.
// Verified before it is kept (integrity_check, the migration table). PostgreSQL: prints what to use instead.
import { backupSqlite, defaultBackupPath } from "../lib/db/backup";
import { databaseKind, databaseUrl, sqlitePath } from "../lib/db/url";
import { POSTGRES_BACKUP_GUIDANCE } from "../lib/db/postgres-guidance";

async function main() {
  const args = process.argv.slice(2);
  let out: string | null = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out" && args[i + 1]) out = args[++i];
    else {
      console.error(`db:backup: unknown argument ${args[i]}. Usage: npm run db:backup [-- --out path]`);
      process.exit(2);
    }
  }
  const url = databaseUrl();
  if (databaseKind(url) === "postgres") {
    console.error(POSTGRES_BACKUP_GUIDANCE);
    console.error("db:backup did nothing: this database is PostgreSQL.");
    process.exit(2);
  }
  const r = await backupSqlite(sqlitePath(url), out ?? defaultBackupPath());
  console.log(`[backup] ${r.path}`);
  console.log(`[backup] ${(r.bytes / 1024).toFixed(0)} KiB, ${r.pages} pages, ${r.ms} ms${r.restarts ? `, restarted ${r.restarts}× by concurrent writes` : ""}; integrity ok; migrations: ${r.migrations.length} (latest ${r.migrations.at(-1)})`);
}

main().catch((e) => {
  console.error(`[backup] failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
