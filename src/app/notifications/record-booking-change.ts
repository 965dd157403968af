import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxMessageSchema, type Booking } from '../../db/entities/index.ts';
import type { Actor } from '../shared/use-case-context.ts';
import { isSilentTopic, type BookingTopic } from './notification-topics.ts';
import { recordAudit } from '../shared/record-audit.ts';

/** When a change's notification goes out. */
export interface NotifyOptions {
  /** Not before this moment (default: at once). */
  notifyAt?: Date;
  /** False: the caller folds this change into a notification still waiting to go out. */
  notify?: boolean;
}

/**
 * Records one change of a booking, in the caller's transaction: an audit row (who,
 * what, details) and — unless the change is silent — an outbox row for the
 * notification dispatcher. Both share one change id, so each change yields exactly
 * one of each, and both roll back with the change. The notification is due at `now`
 * (the use case's clock, which the dispatcher compares it with) or at `notifyAt`.
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
  const changeId = recordAudit(em, now, { businessId: booking.business, actor, action: topic, entityType: 'booking', entityId: booking.id, details });
  // Who of the team did it, when they acted from the team chat rather than the panel.
  if (actor.kind === 'business' && actor.staffId) details = { ...details, staffId: actor.staffId };
  if (isSilentTopic(topic) || options.notify === false) return;
  em.create(OutboxMessageSchema, {
    availableAt: options.notifyAt ?? new Date(now),
    business: booking.business,
    topic,
    aggregateType: 'booking',
    aggregateId: booking.id,
    dedupeKey: `${topic}:${changeId}`,
    payload: {
      ...details,
      bookingId: booking.id,
      customerId: booking.customer.id,
      staffId: booking.staffMember.id,
      serviceId: booking.service.id,
      startsAt: booking.startsAt.toISOString(),
      endsAt: booking.endsAt.toISOString(),
      status: booking.status,
      actor: actor.kind,
    },
  });
}
