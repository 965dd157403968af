/**
 * `npm run backup`: writes a backup of the configured database to DATA_DIR/backups
 * (or the `backups/` folder of the S3_URL bucket) — also while the service runs: it
 * uses the running embedded server — and keeps the newest BACKUP_RETENTION files;
 * encrypted (`.ndjson.gz.enc`) when BACKUP_KEY is set.
 *
 * `npm run restore -- <file> --yes`: <file> is a local file or, failing that, the name
 * of a backup in the store (`bookchat-<time>.ndjson.gz`, as `npm run backup` printed).
 * Replaces every row with the backup's, in one
 * transaction, with the service stopped (it refuses to attach to a running one).
 * The database is first migrated to the backup's schema, then, after the load, to the
 * newest — so a backup from before an upgrade restores into the upgraded code.
 * Refuses without `--yes` (there is no prompt: it may run unattended). An encrypted
 * backup needs BACKUP_KEY set to the key it was made with. Both run as the database's
 * administrator (the embedded server's superuser).
 */
import path from 'node:path';
import { describeConfigIssues, parseConfig } from '../config.ts';
import { createRedactingLogger } from '../redacting-logger.ts';
import { access } from 'node:fs/promises';
import { diskFileStore } from '../files/disk-file-store.ts';
import { s3FileStore } from '../files/s3-file-store.ts';
import { readBackupHeader, restoreDatabase } from './database-backup.ts';
import { databaseSource, openDatabase } from './database.ts';
import { fetchStoredBackup, pruneStoredBackups, storeBackup } from './stored-backups.ts';

const parsed = parseConfig(process.env, process.cwd());
if (!parsed.ok) {
  console.error(describeConfigIssues(parsed.issues));
  process.exit(1);
}
const config = parsed.config;
const [command, file, ...flags] = process.argv.slice(2);
if (command !== 'backup' && command !== 'restore') {
  console.error('Usage: backup-cli.ts backup | restore <file> --yes');
  process.exit(2);
}
if (command === 'restore' && (!file || !flags.includes('--yes'))) {
  console.error('Restore replaces ALL data with the backup. Run: npm run restore -- <file> --yes');
  process.exit(2);
}
const logger = createRedactingLogger({ level: config.logLevel });
// The same store the service's nightly backup writes to.
const s3 = config.s3 ? s3FileStore(config.s3) : undefined;
const store = s3 ?? diskFileStore(config.dataDir);
let database: Awaited<ReturnType<typeof openDatabase>>;
try {
  // Backups read the live database as it is (no migrations under a running older service);
  // restores need the service stopped.
  database = await openDatabase(databaseSource(config), logger, { attachToRunning: command === 'backup', migrate: false, role: 'admin' });
} catch (error) {
  console.error(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
try {
  if (command === 'backup') {
    const backup = await storeBackup(database.adminUrl, store, new Date(), { key: config.backupKey });
    const removed = await pruneStoredBackups(store, config.backupRetention);
    const where = s3 ? `${backup.key} in the S3 bucket` : path.join(config.dataDir, ...backup.key.split('/'));
    console.log(`Backup written: ${where} (${Object.values(backup.tables).reduce((a, b) => a + b, 0)} rows); removed ${removed.length} old backup(s)`);
  } else {
    // A file here, or else a backup of that name in the store (copied to a temporary file).
    const local = path.resolve(file ?? '');
    const isLocal = await access(local).then(() => true, () => false);
    const fetched = isLocal ? null : await fetchStoredBackup(store, file ?? '');
    if (!isLocal && fetched === null) {
      throw new Error(`${file} is neither a file here nor a backup in the ${store.kind === 's3' ? 'S3 bucket' : 'backups folder'}`);
    }
    try {
      await restore(fetched?.file ?? local);
    } finally {
      await fetched?.remove();
    }
  }
} catch (error) {
  console.error(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  s3?.close();
  await database.close();
}

async function restore(source: string): Promise<void> {
  const header = await readBackupHeader(source, { key: config.backupKey });
  const applied = (await database.orm.migrator.getExecuted()).map((m) => m.name);
  if (applied.some((name, i) => header.migrations[i] !== name)) {
    throw new Error('This database is at a newer or different schema than the backup: restore into a fresh, empty database');
  }
  const last = header.migrations.at(-1);
  if (last && applied.length < header.migrations.length) await database.orm.migrator.up({ to: last });
  const counts = await restoreDatabase(database.adminUrl, source, { key: config.backupKey });
  await database.orm.migrator.up();
  console.log(`Restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows into ${Object.keys(counts).length} tables`);
}
