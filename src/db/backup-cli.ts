/**
 * `npm run backup`: writes a backup of the configured database to DATA_DIR/backups
 * (also while the service runs: it uses the running embedded server) and keeps the
 * newest BACKUP_RETENTION files; encrypted (`.ndjson.gz.enc`) when BACKUP_KEY is set.
 *
 * `npm run restore -- <file> --yes`: replaces every row with the backup's, in one
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
import { backupDatabase, backupFileName, pruneBackups, readBackupHeader, restoreDatabase } from './database-backup.ts';
import { databaseSource, openDatabase } from './database.ts';

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
    const dir = path.join(config.dataDir, 'backups');
    const summary = await backupDatabase(database.adminUrl, path.join(dir, backupFileName(new Date(), { encrypted: config.backupKey !== undefined })), { key: config.backupKey });
    const removed = await pruneBackups(dir, config.backupRetention);
    console.log(`Backup written: ${summary.file} (${Object.values(summary.tables).reduce((a, b) => a + b, 0)} rows); removed ${removed.length} old backup(s)`);
  } else {
    const source = path.resolve(file ?? '');
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
} catch (error) {
  console.error(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
