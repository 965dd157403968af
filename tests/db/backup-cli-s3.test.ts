import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import { s3FileStore, type S3FileStore } from '../../src/files/s3-file-store.ts';
import { S3UrlSchema } from '../../src/files/s3-url.ts';
import { makeBookingWorld } from '../support/booking-world.ts';
import { startLocalS3, type LocalS3 } from '../support/local-s3.ts';
import { makeDataDir, startService } from '../support/service-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// `npm run backup` and `npm run restore -- <name> --yes` with S3_URL set, as processes.
let source: TestDatabase;
let target: TestDatabase;
let s3: LocalS3;
let bucket: S3FileStore;
let dataDir: string;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const w = await makeBookingWorld(source.orm, { customers: 2 });
  for (let i = 0; i < 2; i += 1) {
    await createBooking(w.ctx, w.business.id, { kind: 'business', userId: null }, { customerId: w.customers[i]!, serviceId: w.haircut.id, staffId: null, startsAt: w.at(`1${i}:00`, 2) });
  }
  s3 = await startLocalS3();
  bucket = s3FileStore(S3UrlSchema.parse(s3.url));
});
afterAll(async () => {
  bucket?.close();
  await s3?.stop();
  await Promise.all([source?.drop(), target?.drop()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const bookings = async (db: TestDatabase) => Number((await db.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from booking'))[0]!.n);

describe('the backup command with S3_URL', () => {
  it('streams the backup into the bucket, and restores another database from it by name', async () => {
    dataDir = await makeDataDir();
    const backup = startService({ DATABASE_URL: source.url, DATA_DIR: dataDir, S3_URL: s3.url, BACKUP_KEY: 'a backup key of at least thirty-two characters' }, ['src/db/backup-cli.ts', 'backup']);
    expect(await backup.exited, backup.output()).toBe(0);
    expect(backup.output()).toMatch(/Backup written: backups\/bookchat-.*\.ndjson\.gz\.enc in the S3 bucket/);
    const stored = await bucket.list('backups/');
    expect(stored).toHaveLength(1);
    const name = stored[0]!.key.slice('backups/'.length);

    const restore = startService({ DATABASE_URL: target.url, DATA_DIR: dataDir, S3_URL: s3.url, BACKUP_KEY: 'a backup key of at least thirty-two characters' }, ['src/db/backup-cli.ts', 'restore', name, '--yes']);
    expect(await restore.exited, restore.output()).toBe(0);
    expect(await bookings(target)).toBe(2);

    const missing = startService({ DATABASE_URL: target.url, DATA_DIR: dataDir, S3_URL: s3.url }, ['src/db/backup-cli.ts', 'restore', 'bookchat-1999-01-01T00-00-00-000Z.ndjson.gz', '--yes']);
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toContain('is neither a file here nor a backup in the S3 bucket');
  });
});
