import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { raceBusiness, raceForSlots, type RaceBusiness, type Slot } from './slot-race.ts';

// The bare row, as an admin's confirmed booking would have it.
const INSERT_BOOKING = `
  insert into booking (id, business_id, service_id, staff_member_id, customer_id, starts_at, ends_at, blocked_from, blocked_until,
                       status, price_minor, currency, source, created_at, updated_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', 1000, 'EUR', 'admin', now(), now())`;

// The rows createBooking must write for one booking — the booking, an audit row and an
// outbox row for each of its two changes (created, confirmed) — in one hand-written
// statement, with no rule checked.
const REQUIRED_WRITES = `
  with ins as (
    ${INSERT_BOOKING}
    on conflict do nothing
    returning id, business_id, customer_id, staff_member_id, service_id, starts_at, ends_at, status),
  changes as (select * from (values (gen_random_uuid(), 'booking.created'), (gen_random_uuid(), 'booking.confirmed')) c(id, topic)),
  audit as (
    insert into audit_entry (id, business_id, actor_kind, actor_id, action, entity_type, entity_id, details, created_at)
    select changes.id, ins.business_id, 'user', null, changes.topic, 'booking', ins.id, '{"manual":true}', now() from ins, changes),
  outbox as (
    insert into outbox_message (id, business_id, topic, aggregate_type, aggregate_id, payload, dedupe_key, status, attempts, available_at, created_at)
    select gen_random_uuid(), ins.business_id, changes.topic, 'booking', ins.id,
           jsonb_build_object('bookingId', ins.id, 'customerId', ins.customer_id, 'staffId', ins.staff_member_id, 'serviceId', ins.service_id,
                              'startsAt', ins.starts_at, 'endsAt', ins.ends_at, 'status', ins.status, 'actor', 'business', 'manual', true),
           changes.topic || ':' || changes.id, 'pending', 0, now(), now()
      from ins, changes)
  select id from ins`;

const rowOf = (race: RaceBusiness, customerId: string, slot: Slot) => {
  const [starts, ends] = [new Date(slot.startsAt), new Date(slot.endsAt)];
  return [randomUUID(), race.businessId, race.serviceId, slot.staffId, customerId, starts, ends, starts, ends];
};

/**
 * The floor: the raw INSERT of the same rows into the same table by the same clients,
 * each slot once (no contention). Rows per second.
 */
export async function rawInsertRate(orm: MikroORM): Promise<number> {
  const race = await raceBusiness(orm.em.fork(), 'raw-insert');
  const connection = orm.em.getConnection();
  const queue = [...race.slots];
  const t0 = performance.now();
  await Promise.all(
    race.customerIds.map(async (customerId) => {
      for (let slot = queue.pop(); slot; slot = queue.pop()) await connection.execute(INSERT_BOOKING, rowOf(race, customerId, slot));
    }),
  );
  return race.slots.length / ((performance.now() - t0) / 1000);
}

/**
 * Reference: the raw INSERT racing as createBooking's clients do; a slot someone else
 * just took is skipped by the exclusion constraint (`on conflict do nothing`) — what
 * contention alone costs, before any rule, audit row or notification.
 */
export async function rawInsertUnderContention(orm: MikroORM) {
  const race = await raceBusiness(orm.em.fork(), 'raw-contended');
  const connection = orm.em.getConnection();
  const result = await raceForSlots(race, async (customerId, slot) => {
    const rows = await connection.execute<unknown[]>(`${INSERT_BOOKING} on conflict do nothing returning id`, rowOf(race, customerId, slot));
    return rows.length > 0 ? 'booked' : 'taken';
  });
  return { ...result, perSecond: result.booked / result.seconds };
}

/**
 * Reference: the rows a booking must write (booking, 2 audit, 2 outbox) in one statement,
 * racing the same way, with no rule checked and no alternatives computed — more than any
 * implementation that keeps audit and outbox rows in the booking's transaction can do.
 */
export async function requiredWritesUnderContention(orm: MikroORM) {
  const race = await raceBusiness(orm.em.fork(), 'required-writes');
  const connection = orm.em.getConnection();
  const result = await raceForSlots(race, async (customerId, slot) => ((await connection.execute<unknown[]>(REQUIRED_WRITES, rowOf(race, customerId, slot))).length > 0 ? 'booked' : 'taken'));
  return { ...result, perSecond: result.booked / result.seconds };
}
