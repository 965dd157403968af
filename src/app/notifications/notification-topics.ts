import { z } from 'zod';

/** Who hears of a change: the customer in their own chat, or the business's team chats. */
export type Audience = 'customer' | 'team';

/**
 * One notification topic: who hears of it, what its outbox payload holds, and the
 * wording each audience reads (i18n keys; a topic worded several ways — "booked" or
 * "requested" — lists each). A topic that names an audience must have its wording:
 * the compiler asks for it, and `tests/app/notification-topics.test.ts` checks every
 * key in every language.
 */
/** What a topic's outbox row is about (its `aggregate_type`). */
export type TopicAbout = 'booking' | 'business' | 'customer' | 'payment';

/**
 * What one audience reads of a topic: `main` is the sentence or headline; other named
 * keys are its variants and buttons (`requested` beside `booked`, `by_customer`…),
 * so a renderer asks for each by name, never by position.
 */
export type Wording = { readonly main: string } & { readonly [variant: string]: string };

export interface TopicSpec<A extends Audience = Audience, B extends TopicAbout = TopicAbout, W extends { readonly [K in A]: Wording } = { readonly [K in A]: Wording }> {
  /** What the outbox row is about. */
  readonly about: B;
  /** Audit only: no outbox row at all (a hold taken or dropped quietly). */
  readonly silent?: boolean;
  readonly audiences: readonly A[];
  /** The customer also gets it by e-mail, when the service sends mail and they left an address. */
  readonly emailed?: boolean;
  /**
   * Sent to the channel and address its payload names (`channel`, `address`: a phone or an
   * e-mail typed on the booking page, not yet proven), never to the customer's chats.
   */
  readonly addressed?: boolean;
  readonly payload: z.ZodType<Record<string, unknown>>;
  readonly wording: W;
}

function topic<const A extends Audience = never, const B extends TopicAbout = TopicAbout, const W extends { readonly [K in A]: Wording } = { readonly [K in A]: Wording }>(
  spec: TopicSpec<A, B, W>,
): TopicSpec<A, B, W> {
  return spec;
}

/** What every booking change carries (`record-booking-change.ts`); topics add their own fields. */
export const BookingChangePayload = z
  .object({
    bookingId: z.uuid(),
    customerId: z.uuid(),
    staffId: z.uuid(),
    serviceId: z.uuid(),
    startsAt: z.string(),
    endsAt: z.string().optional(),
    status: z.string(),
    /** Who made the change: a customer's own change is not told back to them. */
    actor: z.enum(['customer', 'business', 'system']).optional(),
  })
  .loose();

const ReminderPayload = BookingChangePayload.extend({ offsetMinutes: z.number() });
const FollowUpPayload = BookingChangePayload.partial({ startsAt: true });
const ReviewPayload = BookingChangePayload.extend({ rating: z.number().int().min(1).max(5), comment: z.string().optional() });
/** A waitlist offer: the entry it answers and until when it holds. */
export const WaitlistOfferPayload = BookingChangePayload.extend({ waitlistEntryId: z.uuid(), offerExpiresAt: z.string() });

/** The day's digest for the team chats. */
export const DigestPayload = z.object({
  date: z.iso.date(),
  staff: z.array(
    z.object({
      name: z.string(),
      bookings: z.array(z.object({ startsAt: z.string(), service: z.string(), customer: z.string(), status: z.string() }).loose()),
    }).loose(),
  ),
});

/** A customer's message for a person ("talk to a person"). */
export const CustomerMessagePayload = z.object({ customerId: z.uuid(), customerName: z.string(), phone: z.string().nullable(), text: z.string() });

/** A group chat now receives the business's bookings. */
export const TeamChatLinkedPayload = z.object({ chatTitle: z.string(), staffName: z.string() });

/** A staff member's chat account changed to another person's. */
export const StaffRelinkedPayload = z.object({ staffName: z.string() });

/** The business's linked WhatsApp number was logged out on the phone: it must be linked again. */
export const WhatsAppLoggedOutPayload = z.object({ phone: z.string().nullable() });

/** A team member's reply, relayed to the customer. */
export const TeamReplyPayload = z.object({ customerId: z.uuid(), text: z.string(), staffName: z.string().default('') });

/** A broadcast (an offer, news) for one customer who opted in: the business's text, as written. */
export const BroadcastPayload = z.object({ broadcastId: z.uuid(), customerId: z.uuid(), text: z.string().max(1000) });

/** Money of a booking came in or went back (for integrations: `src/app/webhooks`). */
export const PaymentChangePayload = z.object({
  paymentId: z.uuid(),
  bookingId: z.uuid(),
  provider: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  /** A refund: how much this one gave back, and the total given back so far. */
  refundMinor: z.number().int().optional(),
  refundedMinor: z.number().int().optional(),
});

/** A new customer card. */
export const CustomerCreatedPayload = z.object({ customerId: z.uuid() });

/**
 * A booking page's one-time code (`src/app/booking-page`): where it goes, and the code
 * sealed under the app secret (bound to `codeId`), so the outbox keeps no readable code.
 */
export const PageConfirmationCodePayload = z.object({
  customerId: z.uuid(),
  codeId: z.uuid(),
  channel: z.enum(['sms', 'email']),
  /** A delivery's recipient column holds 128 characters: longer addresses get no code. */
  address: z.string().min(1).max(128),
  sealedCode: z.string().min(1),
  /** The page's language when the code was asked for. */
  locale: z.string().max(8),
  businessName: z.string(),
  minutes: z.number().int().positive(),
});

/** A webhook subscription was turned off after repeated failures: the team (and so the owner) hears of it. */
export const WebhookDisabledPayload = z.object({ subscriptionId: z.uuid(), url: z.string(), reason: z.string() });

/** A staff member's connected calendar stopped answering or withdrew access (`src/app/calendars`): told once per spell. */
export const CalendarTroublePayload = z.object({ connectionId: z.uuid(), staffName: z.string(), provider: z.string(), kind: z.enum(['unreachable', 'revoked']) });

/**
 * Every notification topic. The journal's topic type, the outbox fan-out's audiences
 * and the channels' wording all read this table, so a topic cannot be half-wired.
 */
export const NOTIFICATION_TOPICS = {
  'booking.held': topic({ about: 'booking', silent: true, audiences: [], payload: BookingChangePayload, wording: {} }),
  'booking.hold_released': topic({ about: 'booking', silent: true, audiences: [], payload: BookingChangePayload, wording: {} }),
  'booking.created': topic({
    about: 'booking',
    audiences: ['customer', 'team'],
    payload: BookingChangePayload,
    wording: { customer: { main: 'notify.customer.booked', requested: 'notify.customer.requested' }, team: { main: 'notify.team.new_booking' } },
  }),
  'booking.confirmed': topic({ about: 'booking', audiences: ['customer'], emailed: true, payload: BookingChangePayload, wording: { customer: { main: 'notify.customer.confirmed' } } }),
  'booking.approved': topic({ about: 'booking', audiences: ['customer'], emailed: true, payload: BookingChangePayload, wording: { customer: { main: 'notify.customer.approved_pay' } } }),
  'booking.cancelled': topic({
    about: 'booking',
    audiences: ['customer', 'team'],
    emailed: true,
    payload: BookingChangePayload,
    wording: { customer: { main: 'notify.customer.cancelled' }, team: { main: 'notify.team.cancelled', byCustomer: 'notify.team.cancelled_by_customer' } },
  }),
  'booking.declined': topic({ about: 'booking', audiences: ['customer'], emailed: true, payload: BookingChangePayload, wording: { customer: { main: 'notify.customer.declined' } } }),
  'booking.rescheduled': topic({
    about: 'booking',
    audiences: ['customer', 'team'],
    emailed: true,
    payload: BookingChangePayload,
    wording: { customer: { main: 'notify.customer.rescheduled' }, team: { main: 'notify.team.rescheduled' } },
  }),
  'booking.hold_expired': topic({ about: 'booking', audiences: ['customer'], payload: BookingChangePayload, wording: { customer: { main: 'notify.customer.hold_expired' } } }),
  'booking.payment_expired': topic({
    about: 'booking',
    audiences: ['customer', 'team'],
    payload: BookingChangePayload,
    wording: { customer: { main: 'notify.customer.payment_expired', notReceived: 'notify.customer.payment_not_received' }, team: { main: 'notify.team.payment_expired' } },
  }),
  // Recorded in the outbox for integrations (webhooks); no chat hears of it.
  'booking.completed': topic({ about: 'booking', audiences: [], payload: BookingChangePayload, wording: {} }),
  // The customer answered a reminder "I'll be there": the team hears it once.
  'booking.attendance_confirmed': topic({ about: 'booking', audiences: ['team'], payload: BookingChangePayload, wording: { team: { main: 'notify.team.attendance_confirmed' } } }),
  'booking.no_show': topic({ about: 'booking', audiences: ['team'], payload: BookingChangePayload, wording: { team: { main: 'notify.team.no_show' } } }),
  'booking.reminder': topic({
    about: 'booking',
    audiences: ['customer'],
    emailed: true,
    payload: ReminderPayload,
    wording: { customer: { main: 'notify.customer.reminder', confirmButton: 'notify.customer.reminder_ok' } },
  }),
  'booking.follow_up': topic({ about: 'booking', audiences: ['customer'], payload: FollowUpPayload, wording: { customer: { main: 'notify.customer.follow_up' } } }),
  // A deposit paid online confirmed the booking: the team gets the post as it now stands.
  'payment.received': topic({ about: 'booking', audiences: ['team'], payload: BookingChangePayload, wording: { team: { main: 'notify.team.payment_received' } } }),
  // Money that does not fit its booking (another amount, or a booking released meanwhile): the team decides.
  'payment.flagged': topic({ about: 'booking', audiences: ['team'], payload: BookingChangePayload, wording: { team: { main: 'notify.team.payment_flagged' } } }),
  'review.received': topic({ about: 'booking', audiences: ['team'], payload: ReviewPayload, wording: { team: { main: 'notify.team.review' } } }),
  'waitlist.offer': topic({
    about: 'booking',
    audiences: ['customer'],
    payload: WaitlistOfferPayload,
    wording: { customer: { main: 'notify.customer.waitlist_offer', takeButton: 'notify.customer.waitlist_take' } },
  }),
  'waitlist.offer_expired': topic({ about: 'booking', audiences: ['customer'], payload: BookingChangePayload, wording: { customer: { main: 'notify.customer.waitlist_offer_expired' } } }),
  'business.daily_digest': topic({ about: 'business', audiences: ['team'], payload: DigestPayload, wording: { team: { main: 'notify.team.digest_title', empty: 'notify.team.digest_empty' } } }),
  // The team hears who can see its bookings: every chat added, every account that moved.
  'team.chat_linked': topic({ about: 'business', audiences: ['team'], payload: TeamChatLinkedPayload, wording: { team: { main: 'notify.team.chat_linked' } } }),
  'team.staff_relinked': topic({ about: 'business', audiences: ['team'], payload: StaffRelinkedPayload, wording: { team: { main: 'notify.team.staff_relinked' } } }),
  'team.whatsapp_logged_out': topic({ about: 'business', audiences: ['team'], payload: WhatsAppLoggedOutPayload, wording: { team: { main: 'whatsapp.notify.logged_out' } } }),
  'conversation.message': topic({
    about: 'customer',
    audiences: ['team'],
    payload: CustomerMessagePayload,
    wording: { team: { main: 'notify.team.customer_message', replyHint: 'notify.team.reply_hint' } },
  }),
  'conversation.reply': topic({
    about: 'customer',
    audiences: ['customer'],
    payload: TeamReplyPayload,
    wording: { customer: { main: 'notify.customer.reply', signed: 'notify.customer.reply_from' } },
  }),
  // Marketing: only customers who opted in; every message says how to stop them (`src/app/broadcasts`).
  'broadcast.message': topic({
    about: 'customer',
    audiences: ['customer'],
    payload: BroadcastPayload,
    wording: { customer: { main: 'chat.offers.stop_hint', unsubscribe: 'chat.offers.unsubscribe' } },
  }),
  // For integrations only (webhooks, `src/app/webhooks/webhook-events.ts`): no chat hears of them.
  'payment.paid': topic({ about: 'payment', audiences: [], payload: PaymentChangePayload, wording: {} }),
  'payment.refunded': topic({ about: 'payment', audiences: [], payload: PaymentChangePayload, wording: {} }),
  'customer.created': topic({ about: 'customer', audiences: [], payload: CustomerCreatedPayload, wording: {} }),
  // The booking page's one-time code, straight to the phone (SMS) or e-mail the visitor typed.
  'page.confirmation_code': topic({
    about: 'customer',
    audiences: ['customer'],
    addressed: true,
    payload: PageConfirmationCodePayload,
    wording: { customer: { main: 'chat.page_code.message' } },
  }),
  'webhooks.subscription_disabled': topic({ about: 'business', audiences: ['team'], payload: WebhookDisabledPayload, wording: { team: { main: 'notify.team.webhook_disabled' } } }),
  'calendars.connection_trouble': topic({
    about: 'business',
    audiences: ['team'],
    payload: CalendarTroublePayload,
    wording: { team: { main: 'notify.team.calendar_unreachable', revoked: 'notify.team.calendar_revoked' } },
  }),
} as const;

/** A notification topic: a key of {@link NOTIFICATION_TOPICS}. */
export type NotificationTopic = keyof typeof NOTIFICATION_TOPICS;

/** The topics of changes to a booking, recorded by `recordBookingChange`. */
export type BookingTopic = { [K in NotificationTopic]: (typeof NOTIFICATION_TOPICS)[K]['about'] extends 'booking' ? K : never }[NotificationTopic];

/** Every topic's name. */
export const NOTIFICATION_TOPIC_NAMES = Object.keys(NOTIFICATION_TOPICS) as NotificationTopic[];

/** A topic name read from storage or a payload; anything else is refused. */
export const NotificationTopicName = z.enum(NOTIFICATION_TOPIC_NAMES as [NotificationTopic, ...NotificationTopic[]]);

/** The topics an audience hears about, for the outbox fan-out. */
export function topicsFor(audience: Audience): NotificationTopic[] {
  return NOTIFICATION_TOPIC_NAMES.filter((name) => (NOTIFICATION_TOPICS[name].audiences as readonly Audience[]).includes(audience));
}

/** The topics a customer also gets by e-mail (confirmations, reminders, changes, cancellations). */
export function topicsByEmail(): NotificationTopic[] {
  return NOTIFICATION_TOPIC_NAMES.filter((name) => 'emailed' in NOTIFICATION_TOPICS[name] && NOTIFICATION_TOPICS[name].emailed === true);
}

/** The topics sent to the address in their payload rather than to the customer's chats. */
export function addressedTopics(): NotificationTopic[] {
  return NOTIFICATION_TOPIC_NAMES.filter((name) => 'addressed' in NOTIFICATION_TOPICS[name] && NOTIFICATION_TOPICS[name].addressed === true);
}

/** True for a change recorded in the audit log only. */
export function isSilentTopic(name: NotificationTopic): boolean {
  return 'silent' in NOTIFICATION_TOPICS[name] && NOTIFICATION_TOPICS[name].silent === true;
}

/** What an audience reads of a topic, or undefined when it does not hear of it. */
export function wordingOf(name: NotificationTopic, audience: Audience): Wording | undefined {
  const wording: Partial<Record<Audience, Wording>> = NOTIFICATION_TOPICS[name].wording;
  return wording[audience];
}
