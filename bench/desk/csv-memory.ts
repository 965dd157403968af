// The desk benchmark's memory half: the bookings CSV downloaded over real HTTP (a
// socket, read as it arrives) while this process's memory is sampled, and the in-run
// reference of the same CSV built whole in memory (every row read by one query, the
// lines joined into one string).
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MikroORM } from '@mikro-orm/postgresql';
import { bookingCsvRecord } from '../../src/admin/panel/bookings-csv.ts';
import { csvLine } from '../../src/admin/panel/csv-download.ts';
import { toDeskBooking } from '../../src/app/front-desk/desk-booking.ts';
import { DESK_BOOKINGS } from '../../src/app/front-desk/desk-sql.ts';
import { runSql } from '../../src/db/sql-statement.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Memory in MiB: resident set and V8's used heap. */
export interface Memory {
  rss: number;
  heap: number;
}

/** Memory before a piece of work, its peak while it ran (sampled), and after. */
export interface MemoryRun {
  before: Memory;
  peak: Memory;
  after: Memory;
  ms: number;
}

/**
 * How memory is sampled: every `everyMs`; with `live`, garbage is collected before each
 * sample, so the peak is what was alive (not what the collector had not reached yet).
 */
export interface Sampling {
  everyMs: number;
  live: boolean;
}

const MIB = 1024 * 1024;
const current = (): Memory => {
  const m = process.memoryUsage();
  return { rss: m.rss / MIB, heap: m.heapUsed / MIB };
};

/** Runs `work` with memory sampled; `work` may sample itself too (while it still holds what it built). */
async function sampled<T>(sampling: Sampling, work: (sample: () => void) => Promise<T>): Promise<{ run: MemoryRun; result: T }> {
  collect();
  const before = current();
  const peak = { ...before };
  const sample = () => {
    if (sampling.live) collect();
    const m = current();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heap);
  };
  const timer = setInterval(sample, sampling.everyMs);
  const t0 = performance.now();
  try {
    const result = await work(sample);
    const ms = performance.now() - t0;
    clearInterval(timer);
    collect();
    return { run: { before, peak, after: current(), ms }, result };
  } finally {
    clearInterval(timer);
  }
}

/** Downloads `url` over HTTP, reading it as it comes: bytes and lines counted, nothing kept. */
export async function downloadOverHttp(url: string, cookie: string, sampling: Sampling): Promise<{ run: MemoryRun; status: number; bytes: number; lines: number; firstLine: string }> {
  const { run, result } = await sampled(
    sampling,
    () =>
      new Promise<{ status: number; bytes: number; lines: number; firstLine: string }>((resolve, reject) => {
        const request = http.get(url, { headers: { cookie } }, (response) => {
          let bytes = 0;
          let lines = 0;
          let firstLine = '';
          response.on('data', (chunk: Buffer) => {
            if (bytes === 0) firstLine = chunk.toString('utf8', 0, Math.min(chunk.length, 200)).split('\r\n')[0] ?? '';
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, lines, firstLine }));
          response.on('error', reject);
        });
        request.on('error', reject);
      }),
  );
  return { run, ...result };
}

/**
 * The reference: the same bookings read by one query (no keyset chunks) and written by
 * the same record function as one CSV string, the way an export that holds everything
 * would; sampled once more at the end while all of it is held.
 */
export async function buildInMemory(orm: MikroORM, businessId: string, timeZone: string, from: Date, until: Date, sampling: Sampling): Promise<{ run: MemoryRun; rows: number; chars: number }> {
  const { run, result } = await sampled(sampling, async (sample) => {
    const rows: unknown[] = await runSql(emForBusiness(orm, businessId), DESK_BOOKINGS, {
      businessId,
      from,
      until,
      staffId: null,
      serviceId: null,
      status: null,
      awaiting: null,
      source: null,
      nameLike: null,
      phoneLike: null,
      afterStartsAt: null,
      afterId: null,
      limit: 10_000_000,
    });
    const bookings = rows.map(toDeskBooking);
    const record = bookingCsvRecord(timeZone);
    const text = bookings.map((b) => csvLine(record(b))).join('');
    sample();
    return { rows: bookings.length, chars: text.length };
  });
  return { run, rows: result.rows, chars: result.chars };
}
