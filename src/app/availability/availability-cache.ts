import type { EntityManager } from '@mikro-orm/postgresql';
import { DAY_MS, type AvailabilityInput, type FreeSlot } from '../../domain/index.ts';
import { runPreparedSql } from '../../db/sql-statement.ts';
import { AVAILABILITY_CHANGED_SINCE } from './availability-sql.ts';

const MINUTE_MS = 60_000;
/** No answer is kept longer than this, whatever else holds: a bound on any surprise. */
export const MAX_CACHED_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 1_000;

/** One answer of free slots as {@link AvailabilityCache} keeps it. */
export interface CachedAvailability<R> {
  result: R;
  /** The snapshot its facts were read in: the answer stands while nothing committed since. */
  snapshot: string;
  /** The clock reading it was computed at: no earlier reading gets it. */
  computedAt: number;
  /** Until when time alone leaves it right (exclusive): a hold lapsing, the notice, {@link MAX_CACHED_MS}. */
  validUntil: number;
  /** The {@link AvailabilityCache.ticket} taken when its load began. */
  began: number;
}

/**
 * Free slots computed once and answered again while nothing they depend on changed — a
 * booking page, a widget and the API ask the same week many times a minute. Whether
 * anything changed is asked of PostgreSQL (one small read of the changes' log, written
 * by triggers at every commit that touches a business's bookings, hours or settings,
 * in any process); what time alone changes (a hold lapsing, a slot coming inside the
 * minimum notice) bounds how long an answer stands. Requests that find the answer
 * outdated at once share one load of it, or its answer, when it began after they came. Per process,
 * bounded, least recently used out first.
 */
export interface AvailabilityCache<R> {
  /** The answer under `key` if time alone has not outdated it at `now`; still to be checked for changes. */
  get(key: string, now: number): CachedAvailability<R> | undefined;
  /** Keeps an answer under `key`, dropping the least recently used one past the limit. */
  set(key: string, entry: CachedAvailability<R>): void;
  /**
   * A ticket for a request or a load that starts now. A load begun after a request came
   * read everything committed before it came, so the request may take its answer.
   */
  ticket(): number;
  /**
   * An answer of `key` whose load began after `ticket` — kept and still standing at
   * `now`, or under way — if there is one.
   */
  newerThan(key: string, ticket: number, now: number): R | Promise<R> | undefined;
  /** Marks a load of `key` begun at `began` as under way until it settles. */
  loading(key: string, began: number, load: Promise<R>): void;
  /** How many answers are kept. */
  readonly size: number;
}

/** A cache of at most `maxEntries` answers (1,000 by default). */
export function availabilityCache<R>(options: { maxEntries?: number } = {}): AvailabilityCache<R> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const entries = new Map<string, CachedAvailability<R>>();
  const loads = new Map<string, { began: number; load: Promise<R> }>();
  let clock = 0;
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now < entry.computedAt || now >= entry.validUntil) {
        entries.delete(key);
        return undefined;
      }
      // Most recently used last: the first key is the one to drop.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    ticket: () => ++clock,
    newerThan(key, ticket, now) {
      const kept = entries.get(key);
      if (kept && kept.began > ticket && now >= kept.computedAt && now < kept.validUntil) return kept.result;
      const under = loads.get(key);
      return under && under.began > ticket ? under.load : undefined;
    },
    loading(key, began, load) {
      const under = { began, load };
      loads.set(key, under);
      const done = () => {
        if (loads.get(key) === under) loads.delete(key);
      };
      load.then(done, done);
    },
    get size() {
      return entries.size;
    },
  };
}

/** True when a change to what the slots depend on committed after `snapshot`. */
export async function availabilityChangedSince(em: EntityManager, businessId: string, snapshot: string): Promise<boolean> {
  const [row] = await runPreparedSql(em, AVAILABILITY_CHANGED_SINCE, { businessId, snapshot });
  return row?.changed !== false;
}

/**
 * Until when the slots computed at `now` from `input` stay right with no change in the
 * data: the first hold among the bookings that lapses (its time frees), the first
 * slot's start coming inside the minimum notice (it goes), and at most
 * {@link MAX_CACHED_MS}. Null when the range reaches past the booking horizon: slots
 * there appear as time moves, so such an answer is not kept.
 */
export function availabilityValidUntil(input: AvailabilityInput, slots: readonly FreeSlot[], range: { to: number }, now: number): number | null {
  if (range.to > now + input.policy.horizonDays * DAY_MS) return null;
  let until = now + MAX_CACHED_MS;
  for (const booking of input.bookings) {
    if (booking.status === 'held' && typeof booking.holdExpiresAt === 'number' && booking.holdExpiresAt > now) until = Math.min(until, booking.holdExpiresAt);
  }
  const first = slots[0];
  if (first) until = Math.min(until, first.startsAt - input.policy.minNoticeMin * MINUTE_MS);
  return until > now ? until : null;
}
