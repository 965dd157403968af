import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlotTaken } from '../../src/domain/domain-error.ts';
import {
  BookingSchema,
  BusinessSchema,
  CustomerSchema,
  ResourceSchema,
  ServiceSchema,
  StaffMemberSchema,
  type Business,
  type Customer,
  type Resource,
  type StaffMember,
} from '../../src/db/entities/index.ts';
import { isConcurrencyConflict, toSlotTaken } from '../../src/db/pg-errors.ts';
import { emForBusiness } from '../../src/db/tenant-scope.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { draftBooking, flushOrSlotTaken, makeBusiness, makeCatalogue, type BookingDraft } from '../support/fixtures.ts';

let db: TestDatabase;
let business: Business;
let service: { id: string };
let staff: StaffMember;
let otherStaff: StaffMember;
let customer: Customer;
let resource: Resource;
let day = 0;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 60 });
  const em = db.orm.em.fork();
  business = await makeBusiness(em);
  ({ service, staff, otherStaff, customer, resource } = await makeCatalogue(em, business));
});
afterAll(async () => db.drop());

// Each test works on its own day so earlier bookings never interfere.
function freshDay(): Date {
  day += 1;
  return new Date(Date.UTC(2031, 0, day, 9, 0));
}

/** Re-attaches the fixtures to `em` as references, so each fork uses its own identity map. */
function inFork(em: EntityManager, draft: Partial<BookingDraft> & { at: Date }): BookingDraft {
  return {
    ...draft,
    business: em.getReference(BusinessSchema, business.id),
    service: em.getReference(ServiceSchema, service.id),
    staff: em.getReference(StaffMemberSchema, (draft.staff ?? staff).id),
    customer: em.getReference(CustomerSchema, customer.id),
    resource: draft.resource ? em.getReference(ResourceSchema, draft.resource.id) : null,
  };
}

async function book(draft: Partial<BookingDraft> & { at: Date }): Promise<'booked' | SlotTaken> {
  const em = emForBusiness(db.orm, business.id);
  draftBooking(em, inFork(em, draft));
  try {
    await flushOrSlotTaken(em);
    return 'booked';
  } catch (error) {
    if (error instanceof SlotTaken) return error;
    throw error;
  }
}

describe('no double booking, enforced by PostgreSQL', () => {
  it('lets exactly one of 50 concurrent inserts for the same slot win, from separate connections', async () => {
    const at = freshDay();
    const backendPids = new Set<number>();
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const attempt = () =>
          emForBusiness(db.orm, business.id).transactional(async (tx) => {
            const [row] = await tx.getConnection().execute<{ pid: number }[]>('select pg_backend_pid() as pid', [], 'all', tx.getTransactionContext());
            if (row) backendPids.add(row.pid);
            draftBooking(tx, inFork(tx, { at }));
            await tx.flush();
            return 'booked' as const;
          });
        // Two inserts that meet in the exclusion index may be answered with a deadlock
        // instead of a violation; the loser tries again, as every booking transaction
        // does (settleBookingRace), and then finds the winner's row.
        for (let tries = 1; ; tries += 1) {
          try {
            return await attempt();
          } catch (error: unknown) {
            if (tries < 4 && isConcurrencyConflict(error)) continue;
            // The violation aborts the transaction; it is mapped once the transaction is over.
            const mapped = toSlotTaken(error);
            if (mapped instanceof SlotTaken) return mapped;
            throw error;
          }
        }
      }),
    );
    expect(results.filter((r) => r === 'booked')).toHaveLength(1);
    const taken = results.filter((r): r is SlotTaken => r instanceof SlotTaken);
    expect(taken).toHaveLength(49);
    expect(taken.every((e) => e.code === 'slot_taken' && e.takenBy === 'staff')).toBe(true);
    expect(backendPids.size).toBeGreaterThan(1);
    const stored = await db.orm.em.fork().count(BookingSchema, { staffMember: staff.id, startsAt: at }, { filters: false });
    expect(stored).toBe(1);
  });

  it.each([
    { case: 'back-to-back slots', offset: 60, expected: 'booked' },
    { case: 'a slot overlapping by one minute', offset: 59, expected: 'taken' },
    { case: 'a slot inside an existing one', offset: 15, expected: 'taken' },
    { case: 'a slot ending where the existing one starts', offset: -60, expected: 'booked' },
  ])('$case → $expected', async ({ offset, expected }) => {
    const at = freshDay();
    expect(await book({ at })).toBe('booked');
    const result = await book({ at: new Date(at.getTime() + offset * 60_000) });
    expect(result === 'booked' ? 'booked' : 'taken').toBe(expected);
  });

  it('counts buffers as blocked time', async () => {
    const at = freshDay();
    expect(await book({ at, bufferAfter: 15 })).toBe('booked');
    expect(await book({ at: new Date(at.getTime() + 70 * 60_000) })).toBeInstanceOf(SlotTaken);
    expect(await book({ at: new Date(at.getTime() + 75 * 60_000) })).toBe('booked');
  });

  it.each(['cancelled', 'completed', 'no_show'] as const)('ignores %s bookings', async (status) => {
    const at = freshDay();
    expect(await book({ at, status })).toBe('booked');
    expect(await book({ at })).toBe('booked');
  });

  it('leaves other staff members unaffected', async () => {
    const at = freshDay();
    expect(await book({ at })).toBe('booked');
    expect(await book({ at, staff: otherStaff })).toBe('booked');
  });

  it('keeps one resource from being booked twice, even by different staff', async () => {
    const at = freshDay();
    expect(await book({ at, resource })).toBe('booked');
    const second = await book({ at, staff: otherStaff, resource });
    expect(second).toBeInstanceOf(SlotTaken);
    expect((second as SlotTaken).takenBy).toBe('resource');
  });

  it('lets seats of one group session share the time, but not another session', async () => {
    const at = freshDay();
    expect(await book({ at, groupSessionKey: 'yoga-1' })).toBe('booked');
    expect(await book({ at, groupSessionKey: 'yoga-1' })).toBe('booked');
    expect(await book({ at, groupSessionKey: 'pilates-1' })).toBeInstanceOf(SlotTaken);
    expect(await book({ at })).toBeInstanceOf(SlotTaken);
  });

  it('lets a booking be cancelled and the slot booked again', async () => {
    const at = freshDay();
    const em = emForBusiness(db.orm, business.id);
    const first = draftBooking(em, inFork(em, { at }));
    await flushOrSlotTaken(em);
    expect(await book({ at })).toBeInstanceOf(SlotTaken);
    first.status = 'cancelled';
    await em.flush();
    expect(await book({ at })).toBe('booked');
  });
});
