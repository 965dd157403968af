import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '../../src/app/booking/create-booking.ts';
import type { FileStore } from '../../src/app/shared/file-store.ts';
import { restoreDatabase } from '../../src/db/database-backup.ts';
import { fetchStoredBackup, pruneStoredBackups, storeBackup } from '../../src/db/stored-backups.ts';
import { diskFileStore } from '../../src/files/disk-file-store.ts';
import { s3FileStore, type S3FileStore } from '../../src/files/s3-file-store.ts';
import { S3UrlSchema } from '../../src/files/s3-url.ts';
import { nightlyBackup } from '../../src/jobs/nightly-backup.ts';
import { makeBookingWorld, type BookingWorld } from '../support/booking-world.ts';
import { startLocalS3, type LocalS3 } from '../support/local-s3.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const KEY = 'a backup key of at least thirty-two characters';
let source: TestDatabase;
let targets: TestDatabase[];
let world: BookingWorld;
let s3: LocalS3;
let s3Store: S3FileStore;
let dir: string;

beforeAll(async () => {
  [source, ...targets] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  world = await makeBookingWorld(source.orm, { customers: 3 });
  for (let i = 0; i < 3; i += 1) {
    await createBooking(world.ctx, world.business.id, { kind: 'business', userId: null }, { customerId: world.customers[i]!, serviceId: world.haircut.id, staffId: null, startsAt: world.at(`1${i}:00`, 2) });
  }
  s3 = await startLocalS3();
  s3Store = s3FileStore(S3UrlSchema.parse(s3.url));
  dir = await mkdtemp(path.join(tmpdir(), 'bookchat-stored-backups-'));
});
afterAll(async () => {
  s3Store?.close();
  await s3?.stop();
  await Promise.all([source, ...targets].map((db) => db?.drop()));
  await rm(dir, { recursive: true, force: true });
});

const bookings = async (db: TestDatabase) => Number((await db.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from booking'))[0]!.n);

describe.each([
  ['the S3 bucket, encrypted', () => s3Store as FileStore, KEY, 0],
  ['DATA_DIR/backups on disk, plain', () => diskFileStore(dir), undefined, 1],
] as const)('backups in %s', (_name, store, key, target) => {
  it('streams a backup in, finds it by name, and restores every booking from it', async () => {
    const backup = await storeBackup(source.url, store(), new Date(Date.UTC(2031, 2, 3, 3)), { key });
    expect(backup.key).toMatch(key ? /^backups\/bookchat-2031-03-03T03-00-00-000Z\.ndjson\.gz\.enc$/ : /^backups\/bookchat-2031-03-03T03-00-00-000Z\.ndjson\.gz$/);
    expect(backup.tables['booking']).toBe(3);

    // What `npm run restore -- <name> --yes` does with a name that is no local file.
    const fetched = await fetchStoredBackup(store(), path.posix.basename(backup.key));
    expect(fetched).not.toBeNull();
    const counts = await restoreDatabase(targets[target]!.url, fetched!.file, { key });
    await fetched!.remove();
    expect(counts['booking']).toBe(3);
    expect(await bookings(targets[target]!)).toBe(3);
    expect(await fetchStoredBackup(store(), 'bookchat-1999-01-01T00-00-00-000Z.ndjson.gz')).toBeNull();
    expect(await fetchStoredBackup(store(), '../etc/passwd')).toBeNull();
  });

  it('runs as the nightly job and keeps only the newest backups', async () => {
    const job = nightlyBackup({ databaseUrl: source.url, store: store(), retention: 2, key });
    for (const day of [4, 5, 6]) {
      await job.handle({}, { ctx: { ...world.ctx, now: () => Date.UTC(2031, 2, day, 3) }, logger: pino({ level: 'silent' }) });
    }
    const kept = (await store().list('backups/')).map((f) => f.key);
    expect(kept).toEqual([`backups/bookchat-2031-03-05T03-00-00-000Z.ndjson.gz${key ? '.enc' : ''}`, `backups/bookchat-2031-03-06T03-00-00-000Z.ndjson.gz${key ? '.enc' : ''}`]);
    // Something else in the folder is not a backup and is left alone.
    await store().put('backups/README.txt', Buffer.from('keep me'));
    expect(await pruneStoredBackups(store(), 1)).toEqual([kept[0]]);
    expect((await store().list('backups/')).map((f) => f.key)).toEqual(['backups/README.txt', kept[1]]);
  });
});

describe('backups on disk', () => {
  it('are the files DATA_DIR/backups/bookchat-… they always were', async () => {
    const names = await readdir(path.join(dir, 'backups'));
    expect(names.filter((n) => n.startsWith('bookchat-'))).toEqual(['bookchat-2031-03-06T03-00-00-000Z.ndjson.gz']);
  });
});
