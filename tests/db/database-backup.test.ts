import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { holdSlot } from '../../src/app/booking/hold-slot.ts';
import { backupDatabase, backupFileName, BackupMismatch, pruneBackups, restoreDatabase } from '../../src/db/database-backup.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { makeBookingWorld } from '../support/booking-world.ts';

let source: TestDatabase;
let target: TestDatabase;
let dir: string;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  dir = await mkdtemp(path.join(tmpdir(), 'bookchat-backup-'));
  const w = await makeBookingWorld(source.orm, { customers: 5 });
  for (let i = 0; i < 4; i += 1) {
    await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[i]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at(`1${i}:00`, 2) });
  }
  await holdSlot(w.ctx, w.business.id, { customerId: w.customers[4]!, serviceId: w.yoga.id, staffId: w.staff[0]!.id, startsAt: w.at('16:00', 3), source: 'telegram' });
});
afterAll(async () => {
  await Promise.all([source.drop(), target.drop()]);
  await rm(dir, { recursive: true, force: true });
});

/** Every table's rows, as sorted JSON, so two databases can be compared exactly. */
async function snapshot(db: TestDatabase): Promise<Record<string, string[]>> {
  const connection = db.orm.em.getConnection();
  const tables = await connection.execute<{ name: string }[]>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'mikro_orm_migrations' order by 1",
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await connection.execute<{ row: string }[]>(`select row_to_json(t)::text as row from "${name}" t`);
    out[name] = rows.map((r) => r.row).sort();
  }
  return out;
}

describe('backup and restore', () => {
  it('round-trips every row of every table exactly', async () => {
    const file = path.join(dir, backupFileName(new Date(Date.UTC(2031, 2, 3, 3))));
    const summary = await backupDatabase(source.url, file);
    expect(summary.tables['booking']).toBe(5);
    expect(summary.tables['outbox_message']).toBeGreaterThan(0);

    const counts = await restoreDatabase(target.url, file);
    expect(counts['booking']).toBe(5);
    const [before, after] = await Promise.all([snapshot(source), snapshot(target)]);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    // The log of availability changes is not backed up: the restore logs itself, one row per business.
    expect(summary.tables['availability_change']).toBeUndefined();
    expect(before['availability_change']!.length).toBeGreaterThan(0);
    expect(after['availability_change']!.map((row) => (JSON.parse(row) as { business_id: string }).business_id).sort()).toEqual(before['business']!.map((row) => (JSON.parse(row) as { id: string }).id).sort());
    for (const table of Object.keys(before)) if (table !== 'availability_change') expect(after[table], table).toEqual(before[table]);
  });

  it('refuses a file that is not a backup and leaves the database as it was', async () => {
    const bogus = path.join(dir, 'bogus.ndjson.gz');
    await writeFile(bogus, 'not gzip at all');
    const before = await snapshot(target);
    await expect(restoreDatabase(target.url, bogus)).rejects.toBeInstanceOf(BackupMismatch);
    expect(await snapshot(target)).toEqual(before);
  });

  it('reports a missing file as an error, not a crash', async () => {
    await expect(restoreDatabase(target.url, path.join(dir, 'missing.ndjson.gz'))).rejects.toThrow(/ENOENT: no such file or directory.*missing\.ndjson\.gz/);
  });

  it('refuses a backup from another schema version', async () => {
    const file = path.join(dir, backupFileName(new Date(Date.UTC(2031, 2, 4, 3))));
    await backupDatabase(source.url, file);
    await target.orm.em.getConnection().execute("insert into mikro_orm_migrations (name, executed_at) values ('MigrationFromTheFuture', now())");
    await expect(restoreDatabase(target.url, file)).rejects.toBeInstanceOf(BackupMismatch);
    await target.orm.em.getConnection().execute("delete from mikro_orm_migrations where name = 'MigrationFromTheFuture'");
  });

  it('keeps only the newest backups', async () => {
    for (const day of [5, 6, 7]) await writeFile(path.join(dir, backupFileName(new Date(Date.UTC(2031, 2, day, 3)))), '');
    const removed = await pruneBackups(dir, 2);
    expect(removed).toHaveLength(3);
    expect((await readdir(dir)).filter((f) => f.startsWith('bookchat-')).sort()).toEqual([
      backupFileName(new Date(Date.UTC(2031, 2, 6, 3))),
      backupFileName(new Date(Date.UTC(2031, 2, 7, 3))),
    ]);
  });
});
