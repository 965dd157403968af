import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { z } from 'zod';
import { BackupKeyError, decryptBackup, encryptBackup, ENCRYPTED_SUFFIX, isEncryptedBackup } from './backup-encryption.ts';

/** First line of a backup file. */
const Header = z.object({
  format: z.literal('bookchat-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(z.string()),
});

const TableStart = z.object({ table: z.string() });

// The migration ledger is rebuilt by migrating the target; it is compared, not copied.
const LEDGER = 'mikro_orm_migrations';
const BATCH = 500;

/** How backups are written and read. */
export interface BackupOptions {
  /** BACKUP_KEY: write encrypted (AES-256-GCM), and read encrypted backups. */
  key?: string | undefined;
}

/** What a finished backup contains. */
export interface BackupSummary {
  file: string;
  tables: Record<string, number>;
}

/**
 * Writes a consistent export of every table (one REPEATABLE READ, READ ONLY
 * transaction, so all tables are seen at the same instant) to a gzipped JSON-lines
 * file: a header naming the applied migrations, then per table a `{"table": …}` line
 * and one JSON object per row. Works with any server version — the embedded server
 * ships no `pg_dump`, and Debian's `pg_dump` refuses a newer server. Written to a
 * temporary name and renamed, so a crash never leaves a half file that looks whole.
 * With a key, the gzipped stream is encrypted (backup-encryption.ts; name the file
 * with `backupFileName(at, { encrypted: true })`).
 */
export async function backupDatabase(url: string, file: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  try {
    // Backups hold every customer's name and phone: a new folder is 0700, each file 0600.
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tables = await streamBackup(url, (backup) => pipeline(backup, createWriteStream(partial, { mode: 0o600 })), options);
    await rename(partial, file);
    return { file, tables };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * The same export as {@link backupDatabase}, handed as one stream (gzipped, encrypted
 * with a key) to `write` — a file store's put, say. The snapshot's transaction stays
 * open until `write` has consumed the stream; the row counts per table come back.
 */
export async function streamBackup(url: string, write: (backup: Readable) => Promise<void>, options: BackupOptions = {}): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tables: Record<string, number> = {};
  try {
    await client.query('begin isolation level repeatable read read only');
    // The availability changes' log holds transaction ids of this server, minutes old:
    // meaningless on another one. A restore logs itself instead.
    const names = (await userTables(client)).filter((name) => name !== AVAILABILITY_CHANGES);
    const migrations = (await client.query<{ name: string }>(`select name from ${LEDGER} order by id`)).rows.map((r) => r.name);
    const header = { format: 'bookchat-backup', version: 1, createdAt: new Date().toISOString(), migrations, tables: names };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const table of names) {
        yield `${JSON.stringify({ table })}\n`;
        const cursor = client.query(new Cursor<{ row: string }>(`select row_to_json(t)::text as row from ${pg.escapeIdentifier(table)} t`));
        let count = 0;
        for (let rows = await cursor.read(BATCH); rows.length > 0; rows = await cursor.read(BATCH)) {
          count += rows.length;
          yield rows.map((r) => `${r.row}\n`).join('');
        }
        await cursor.close();
        tables[table] = count;
      }
    }
    const gzip = createGzip();
    const backup = options.key ? gzip.pipe(encryptBackup(options.key)) : gzip;
    // A read or gzip failure reaches `write` as an error of the stream it reads.
    void pipeline(Readable.from(lines()), gzip).catch((error: unknown) => backup.destroy(error instanceof Error ? error : new Error(String(error))));
    await write(backup);
    await client.query('commit');
    return tables;
  } finally {
    await client.end();
  }
}

/** The backup does not fit the target database (another schema version, a broken file). */
export class BackupMismatch extends Error {
  override name = 'BackupMismatch';
}

/**
 * The migrations a backup was taken at (its first line), or `BackupMismatch`
 * (`BackupKeyError` for an encrypted backup without its key).
 */
export async function readBackupHeader(file: string, options: BackupOptions = {}): Promise<z.infer<typeof Header>> {
  const { iterator, close } = await openLines(file, options.key);
  try {
    const first = await iterator.next();
    const header = Header.safeParse(first.done ? null : safeJson(first.value));
    if (!header.success) throw new BackupMismatch(`${file} is not a BookChat backup`);
    return header.data;
  } catch (error) {
    throw error instanceof BackupMismatch || error instanceof BackupKeyError ? error : new BackupMismatch(`${file} cannot be read as a BookChat backup: ${String(error)}`);
  } finally {
    close();
  }
}

/**
 * Replaces every table's rows with a backup's, in one transaction: either the whole
 * backup is in, or nothing changed. The target must be migrated to exactly the
 * backup's migrations. Needs a superuser: foreign keys are not checked during the
 * load (`session_replication_role`), as a backup is consistent by construction; the
 * exclusion and check constraints still are. Run it with the service stopped. An
 * encrypted backup needs the key it was made with; one altered after it was written
 * fails at the end (its tag), before anything is committed.
 */
export async function restoreDatabase(url: string, file: string, options: BackupOptions = {}): Promise<Record<string, number>> {
  const header = await readBackupHeader(file, options);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts: Record<string, number> = {};
  const { iterator, close } = await openLines(file, options.key);
  try {
    await iterator.next();
    const applied = (await client.query<{ name: string }>(`select name from ${LEDGER} order by id`)).rows.map((r) => r.name);
    if (applied.join() !== header.migrations.join()) {
      throw new BackupMismatch(`The backup was made at schema ${header.migrations.at(-1) ?? 'none'}, the database is at ${applied.at(-1) ?? 'none'}`);
    }
    await client.query('begin');
    // Never wait long behind live traffic: a restore belongs to a stopped service.
    await client.query("set local lock_timeout = '10s'");
    await client.query("set local session_replication_role = 'replica'");
    const tables = await userTables(client);
    if (tables.length > 0) await client.query(`truncate ${tables.map((t) => pg.escapeIdentifier(t)).join(', ')}`);
    let table: string | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const t = pg.escapeIdentifier(table);
      await client.query(`insert into ${t} select * from json_populate_recordset(null::${t}, $1::json)`, [`[${batch.join(',')}]`]);
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const line = next.value;
      if (line.startsWith('{"table":')) {
        await flush();
        const start = TableStart.parse(JSON.parse(line));
        if (!tables.includes(start.table)) throw new BackupMismatch(`The database has no table ${start.table}`);
        table = start.table;
        counts[table] = 0;
      } else if (line.trim() !== '') {
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();
    // The triggers are off while loading (and the log is not in backups): log the restore
    // as a change of every business, so no process still running answers free slots it
    // computed before.
    if (tables.includes(AVAILABILITY_CHANGES)) {
      await client.query('insert into availability_change (business_id, xid, changed_at) select id, pg_current_xact_id()::text::bigint, now() from business on conflict do nothing');
    }
    await client.query('commit');
    return counts;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    close();
    await client.end();
  }
}

// Lines of a gzipped (and maybe encrypted) file; read, decrypt and unzip errors surface
// through the iterator.
async function openLines(file: string, key: string | undefined): Promise<{ iterator: AsyncIterator<string>; close: () => void }> {
  await access(file);
  const encrypted = await isEncryptedBackup(file);
  if (encrypted && !key) throw new BackupKeyError(`${file} is encrypted: set BACKUP_KEY to the key it was made with`);
  const gunzip = createGunzip();
  const source = createReadStream(file);
  const fail = (error: unknown) => gunzip.destroy(error instanceof Error ? error : new Error(String(error)));
  void (encrypted && key ? pipeline(source, decryptBackup(key, file), gunzip) : pipeline(source, gunzip)).catch(fail);
  const lines = createInterface({ input: gunzip, crlfDelay: Infinity });
  return {
    iterator: lines[Symbol.asyncIterator](),
    close: () => {
      lines.close();
      source.destroy();
    },
  };
}

/** Deletes all but the newest `keep` backups in `dir` (by name: names sort by time). */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const names = await readdir(dir).catch(() => []);
  const files = names.filter((f) => /^bookchat-.*\.ndjson\.gz(\.enc)?$/.test(f)).sort();
  const old = files.slice(0, Math.max(0, files.length - keep));
  // A `.partial` left by a backup interrupted mid-write is never complete: remove it.
  // (Only old ones: a fresh one may belong to a backup being written right now.)
  const partial: string[] = [];
  for (const f of names.filter((n) => /\.ndjson\.gz(\.enc)?\.partial$/.test(n))) {
    const info = await stat(path.join(dir, f)).catch(() => null);
    if (info && Date.now() - info.mtimeMs > 6 * 3_600_000) partial.push(f);
  }
  for (const f of [...old, ...partial]) await rm(path.join(dir, f), { force: true });
  return old;
}

/** The file name of a backup taken at `at`: sortable, no characters file systems dislike. */
export function backupFileName(at: Date, options: { encrypted?: boolean } = {}): string {
  return `bookchat-${at.toISOString().replace(/[:.]/g, '-')}.ndjson.gz${options.encrypted ? ENCRYPTED_SUFFIX : ''}`;
}

// The table the availability triggers log changes in (migration availability_changes).
const AVAILABILITY_CHANGES = 'availability_change';

async function userTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> $1 order by table_name`,
    [LEDGER],
  );
  return rows.map((r) => r.name);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
