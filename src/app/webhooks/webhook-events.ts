import { z } from 'zod';
import type { NotificationTopic } from '../notifications/notification-topics.ts';

/** Every event a business may subscribe a URL to, in the order the panel lists them. */
export const WEBHOOK_EVENTS = [
  'booking.created',
  'booking.confirmed',
  'booking.rescheduled',
  'booking.cancelled',
  'booking.completed',
  'booking.no_show',
  'payment.paid',
  'payment.refunded',
  'customer.created',
  'review.created',
] as const;

/** One of {@link WEBHOOK_EVENTS}. */
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** An event name from a form or an API body; anything else is refused. */
export const WebhookEventName = z.enum(WEBHOOK_EVENTS);

/** The type of the event the panel's "send test event" button sends (no subscription chooses it). */
export const TEST_EVENT_TYPE = 'webhook.test';

/**
 * The fan-out rule: which outbox topics (the registry's, `notification-topics.ts`)
 * become which webhook event. Every event is written by the same transaction as the
 * change it reports, as an outbox row; the fan-out turns each row into one delivery per
 * enabled subscription that wants its event. A booking released by the system (declined,
 * its deposit never came) is `booking.cancelled` to integrations. Typed against the
 * registry, so a topic renamed there fails to compile here.
 */
export const WEBHOOK_TOPICS: Readonly<Record<WebhookEvent, readonly NotificationTopic[]>> = {
  'booking.created': ['booking.created'],
  'booking.confirmed': ['booking.confirmed'],
  'booking.rescheduled': ['booking.rescheduled'],
  'booking.cancelled': ['booking.cancelled', 'booking.declined', 'booking.payment_expired'],
  'booking.completed': ['booking.completed'],
  'booking.no_show': ['booking.no_show'],
  'payment.paid': ['payment.paid'],
  'payment.refunded': ['payment.refunded'],
  'customer.created': ['customer.created'],
  'review.created': ['review.received'],
};

/** The rule as two parallel arrays (topic i becomes event i), for the fan-out statement. */
export function topicEventPairs(): { topics: string[]; events: string[] } {
  const pairs = WEBHOOK_EVENTS.flatMap((event) => WEBHOOK_TOPICS[event].map((topic) => [topic, event] as const));
  return { topics: pairs.map(([t]) => t), events: pairs.map(([, e]) => e) };
}
