import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { BackupKeyError } from '../../src/db/backup-encryption.ts';
import { backupDatabase, backupFileName, pruneBackups, restoreDatabase } from '../../src/db/database-backup.ts';
import { makeBookingWorld } from '../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const KEY = 'k'.repeat(20) + '-backup-key-0123456789';
let source: TestDatabase;
let target: TestDatabase;
let dir: string;
let file: string;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  dir = await mkdtemp(path.join(tmpdir(), 'bookchat-backup-enc-'));
  const w = await makeBookingWorld(source.orm, { customers: 2 });
  await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[0]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at('11:00', 2) });
  file = path.join(dir, 'backups', backupFileName(new Date(Date.UTC(2031, 2, 3, 3)), { encrypted: true }));
  await backupDatabase(source.url, file, { key: KEY });
});
afterAll(async () => {
  await Promise.all([source.drop(), target.drop()]);
  await rm(dir, { recursive: true, force: true });
});

async function bookings(db: TestDatabase): Promise<number> {
  const [row] = await db.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from booking');
  return Number(row!.n);
}

describe('encrypted backups (BACKUP_KEY)', () => {
  it('writes an encrypted file (not gzip, named .ndjson.gz.enc, mode 0600 in a 0700 folder) that restores exactly with the key', async () => {
    expect(path.basename(file)).toMatch(/^bookchat-.*\.ndjson\.gz\.enc$/);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 19).toString('latin1')).toBe('BOOKCHAT-BACKUP-ENC');
    expect(() => gunzipSync(bytes)).toThrow();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);

    const counts = await restoreDatabase(target.url, file, { key: KEY });
    expect(counts['booking']).toBe(1);
    expect(await bookings(target)).toBe(1);
  });

  it.each([
    ['no key', undefined, /is encrypted: set BACKUP_KEY/],
    ['another key', 'another-backup-key-that-is-long-enough', /encrypted with another BACKUP_KEY/],
  ])('refuses to restore with %s, clearly, and changes nothing', async (_what, key, message) => {
    const before = await bookings(target);
    const restore = restoreDatabase(target.url, file, { key });
    await expect(restore).rejects.toBeInstanceOf(BackupKeyError);
    await expect(restoreDatabase(target.url, file, { key })).rejects.toThrow(message);
    expect(await bookings(target)).toBe(before);
  });

  it('refuses a file altered after it was written (its tag no longer matches) before committing anything', async () => {
    const bytes = await readFile(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    const altered = path.join(dir, 'altered.ndjson.gz.enc');
    await writeFile(altered, bytes);
    await target.orm.em.getConnection().execute('delete from booking');
    await expect(restoreDatabase(target.url, altered, { key: KEY })).rejects.toThrow(/altered or cut short/);
    expect(await bookings(target)).toBe(0);
  });

  it('keeps encrypted backups in the retention count, and still restores plain ones', async () => {
    const plain = path.join(dir, 'backups', backupFileName(new Date(Date.UTC(2031, 2, 4, 3))));
    await backupDatabase(source.url, plain);
    expect(await restoreDatabase(target.url, plain, { key: KEY })).toMatchObject({ booking: 1 });
    await writeFile(path.join(dir, 'backups', backupFileName(new Date(Date.UTC(2031, 2, 5, 3)), { encrypted: true })), '');
    expect(await pruneBackups(path.join(dir, 'backups'), 2)).toEqual([path.basename(file)]);
  });
});
