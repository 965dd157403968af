import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntrySchema, OutboxMessageSchema, type Booking } from '../../db/entities/index.ts';
import type { Actor } from '../shared/use-case-context.ts';
import { isSilentTopic, type BookingTopic } from './notification-topics.ts';
import { auditRow, type AuditRow } from '../shared/record-audit.ts';

/** When a change's notification goes out. */
export interface NotifyOptions {
  /** Not before this moment (default: at once). */
  notifyAt?: Date;
  /** False: the caller folds this change into a notification still waiting to go out. */
  notify?: boolean;
}

/** The facts of a booking a change's notification carries. */
export interface ChangedBooking {
  id: string;
  businessId: string;
  customerId: string;
  staffId: string;
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
  status: Booking['status'];
}

/** An outbox message's row, by the entity's property names (the business by id). */
export interface OutboxRow {
  id: string;
  business: string;
  availableAt: Date;
  topic: BookingTopic;
  aggregateType: 'booking';
  aggregateId: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/**
 * The rows one change of a booking writes: an audit row (who, what, details) and —
 * unless the change is silent — an outbox row for the notification dispatcher. Both
 * share one change id, so each change yields exactly one of each. The notification
 * is due at `now` (the use case's clock, which the dispatcher compares it with) or at
 * `notifyAt`.
 */
export function bookingChangeRows(
  now: number,
  booking: ChangedBooking,
  topic: BookingTopic,
  actor: Actor,
  details: Record<string, unknown> = {},
  options: NotifyOptions = {},
): { audit: AuditRow; outbox: OutboxRow | null } {
  const audit = auditRow(now, { businessId: booking.businessId, actor, action: topic, entityType: 'booking', entityId: booking.id, details });
  if (isSilentTopic(topic) || options.notify === false) return { audit, outbox: null };
  // Who of the team did it, when they acted from the team chat rather than the panel.
  if (actor.kind === 'business' && actor.staffId) details = { ...details, staffId: actor.staffId };
  const outbox: OutboxRow = {
    id: randomUUID(),
    business: booking.businessId,
    availableAt: options.notifyAt ?? new Date(now),
    topic,
    aggregateType: 'booking',
    aggregateId: booking.id,
    dedupeKey: `${topic}:${audit.id}`,
    payload: {
      ...details,
      bookingId: booking.id,
      customerId: booking.customerId,
      staffId: booking.staffId,
      serviceId: booking.serviceId,
      startsAt: booking.startsAt.toISOString(),
      endsAt: booking.endsAt.toISOString(),
      status: booking.status,
      actor: actor.kind,
    },
  };
  return { audit, outbox };
}

/**
 * Records one change of a booking ({@link bookingChangeRows}) in the caller's
 * transaction: both rows roll back with the change.
 */
export function recordBookingChange(
  em: EntityManager,
  now: number,
  booking: Booking,
  topic: BookingTopic,
  actor: Actor,
  details: Record<string, unknown> = {},
  options: NotifyOptions = {},
): void {
  const changed: ChangedBooking = {
    id: booking.id,
    businessId: booking.business.id,
    customerId: booking.customer.id,
    staffId: booking.staffMember.id,
    serviceId: booking.service.id,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    status: booking.status,
  };
  const rows = bookingChangeRows(now, changed, topic, actor, details, options);
  em.create(AuditEntrySchema, rows.audit);
  if (rows.outbox) em.create(OutboxMessageSchema, rows.outbox);
}
