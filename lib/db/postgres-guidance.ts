/** What db:backup and db:restore print on PostgreSQL, where the server's own tools do the job. */
export const POSTGRES_BACKUP_GUIDANCE = `DATABASE_URL names a PostgreSQL database. Use PostgreSQL's own tools (see "Backup and restore" in README.md):
  - logical backup:   pg_dump --format=custom --file=ed-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"
    restore:          into an empty database, app stopped: pg_restore --no-owner --dbname=postgres://…/ed_restored <file>.dump
  - point-in-time recovery: continuous WAL archiving (archive_mode = on, archive_command) plus a base backup
    (pg_basebackup -D <dir> -Ft -z -X stream); recover with restore_command and recovery_target_time.`;
