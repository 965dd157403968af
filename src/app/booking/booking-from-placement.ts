import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { depositFor } from '../../domain/index.ts';
import { BookingSchema, type Booking } from '../../db/entities/index.ts';
import { depositRuleOf } from './service-pricing.ts';
import type { SlotPlacement } from './place-slot.ts';
import type { BookingView } from './booking-view.ts';
import type { ChangedBooking } from '../notifications/record-booking-change.ts';

/** How a new booking starts its life; the rest comes from the placement and the service. */
export interface NewBookingFields {
  customerId: string;
  status: 'held' | 'confirmed';
  holdExpiresAt: Date | null;
  source: Booking['source'];
  conversationKey?: string | null;
  idempotencyKey?: string | null;
  notes?: string;
  /** The campaign of the link the customer came by. */
  campaign?: string | null;
  /** Who comes, when it is someone else than the customer. */
  guestName?: string | null;
  /** The recurring series this booking is a visit of. */
  seriesId?: string | null;
}

/** A new booking's row, by the entity's property names (related rows by id). */
export type NewBookingRow = ReturnType<typeof newBookingRow>;

/**
 * The row of a new booking for a placed slot: who, when, which resource and group
 * session from the placement; price, currency and deposit from the service.
 */
export function newBookingRow(businessId: string, placement: SlotPlacement, fields: NewBookingFields) {
  const service = placement.loaded.service;
  return {
    id: randomUUID(),
    business: businessId,
    service: service.id,
    staffMember: placement.staffId,
    resource: placement.resourceId,
    customer: fields.customerId,
    startsAt: new Date(placement.startsAt),
    endsAt: new Date(placement.endsAt),
    blockedFrom: new Date(placement.blockedFrom),
    blockedUntil: new Date(placement.blockedUntil),
    status: fields.status,
    holdExpiresAt: fields.holdExpiresAt,
    groupSessionKey: placement.groupSessionKey,
    resourceShared: placement.resourceShared,
    priceMinor: service.priceMinor,
    currency: service.currency,
    depositMinor: depositFor(service.priceMinor, depositRuleOf(service)),
    source: fields.source,
    conversationKey: fields.conversationKey ?? null,
    idempotencyKey: fields.idempotencyKey ?? null,
    notes: fields.notes ?? '',
    campaign: fields.campaign ?? null,
    guestName: fields.guestName ?? null,
    seriesId: fields.seriesId ?? null,
  };
}

/** A new booking's row as the change records (audit, outbox) name it. */
export function changedOfNewRow(row: NewBookingRow): ChangedBooking {
  return {
    id: row.id,
    businessId: row.business,
    customerId: row.customer,
    staffId: row.staffMember,
    serviceId: row.service,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
  };
}

/** What a caller sees of a booking just written from {@link newBookingRow}: nothing paid, discounted or cancelled yet. */
export function newBookingView(row: NewBookingRow): BookingView {
  return {
    id: row.id,
    status: row.status,
    awaiting: null,
    serviceId: row.service,
    staffId: row.staffMember,
    resourceId: row.resource,
    customerId: row.customer,
    startsAt: row.startsAt.getTime(),
    endsAt: row.endsAt.getTime(),
    holdExpiresAt: row.holdExpiresAt?.getTime() ?? null,
    priceMinor: row.priceMinor,
    discountMinor: 0,
    depositMinor: row.depositMinor,
    currency: row.currency,
    source: row.source,
    cancelledBy: null,
    cancelReason: null,
  };
}

/** Adds a booking for a placed slot ({@link newBookingRow}) to the unit of work. */
export function bookingFromPlacement(em: EntityManager, businessId: string, placement: SlotPlacement, fields: NewBookingFields): Booking {
  return em.create(BookingSchema, newBookingRow(businessId, placement, fields));
}
