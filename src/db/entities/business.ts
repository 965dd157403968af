import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A business (tenant): a salon, clinic, studio or tutor. Every other row belongs to
 * exactly one business. Policy columns hold the booking rules the domain applies.
 */
export const BusinessSchema = defineEntity({
  name: 'Business',
  tableName: 'business',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    slug: p.string().length(64).unique(),
    name: p.string().length(200),
    timeZone: p.string().length(64),
    defaultLocale: p.string().length(8).default('en'),
    currency: p.string().length(3),
    brandPrimaryColor: p.string().length(7).default('#1E90FF'),
    brandAccentColor: p.string().length(7).default('#00CED1'),
    /** The logo (PNG, JPEG or WebP, ≤ 1 MB, checked by content), shown in the panel and on the booking page. */
    logo: p.blob().nullable().lazy(),
    logoType: p.string().length(32).nullable(),
    /** Street address, as customers should read it. */
    address: p.string().length(300).default(''),
    /** A link to the place on a map (Google, 2GIS, Yandex, OpenStreetMap…). */
    mapUrl: p.string().length(500).default(''),
    /** A point on the map ("43.23890,76.88970", WGS 84), or empty: Telegram shows it as a venue. */
    location: p.string().length(32).default(''),
    /** A few sentences about the business, shown under "About us" in the chats. */
    description: p.string().length(500).default(''),
    /** The business's phone, in international format. */
    phone: p.string().length(32).default(''),
    /** Where phone numbers typed without a country code are from (ISO 3166 alpha-2); null: the country of its time zone. */
    phoneCountry: p.string().length(2).nullable(),
    /** Every booking waits for the team's approval, whatever the service says. */
    approvalRequired: p.boolean().default(false),
    /** A thank-you and review request this long after a visit ends; null: none. */
    followUpAfterMinutes: p.integer().nullable().default(120),
    /** The team's morning digest at this minute of the local day; null: at opening. */
    digestAtMinute: p.smallint().nullable(),
    /** Bumped to rotate the team-chat link code. */
    teamLinkCodeVersion: p.integer().default(0),
    /** Earliest a customer may book, counted from now. */
    minNoticeMinutes: p.integer().default(60),
    /** How far ahead customers may book. */
    bookingHorizonDays: p.integer().default(60),
    /** Distance between offered start times. */
    slotStepMinutes: p.integer().default(15),
    /** How long a chosen slot is held while the customer finishes or pays. */
    holdMinutes: p.integer().default(10),
    /** How long a booking may wait for its deposit before its slot is released. */
    paymentMinutes: p.integer().default(60),
    /**
     * When set, a confirmed booking nobody marked (arrived or no-show) this long after
     * its end is marked a no-show by the system. Off by default: a forgotten tap would
     * count against a customer who came.
     */
    autoNoShowAfterMinutes: p.integer().nullable(),
    /** How long a waitlist offer (a hold on a freed slot) stays open. */
    waitlistOfferMinutes: p.integer().default(30),
    /** Customers cannot cancel later than this before the start. */
    cancelCutoffMinutes: p.integer().default(120),
    /** Customers moving a booking may pick another specialist's free time, not only their own specialist's. */
    rescheduleAnySpecialist: p.boolean().default(false),
    /** Customers cannot reschedule later than this before the start. */
    rescheduleCutoffMinutes: p.integer().default(120),
    /** Reminder offsets before the start, in minutes. */
    reminderOffsetsMinutes: p.json<number[]>().defaultRaw("'[1440,120]'").onCreate((business) => business.reminderOffsetsMinutes ?? [1440, 120]),
    /**
     * When the business last changed its message templates (null: it never had any).
     * Read with each booking's notification, so a sender knows without another query
     * whether its cached templates of the business are current.
     */
    messageTemplatesChangedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  checks: [
    { name: 'business_slug_format', expression: "slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'" },
    { name: 'business_currency_format', expression: "currency ~ '^[A-Z]{3}$'" },
    { name: 'business_colors_format', expression: "brand_primary_color ~ '^#[0-9A-Fa-f]{6}$' and brand_accent_color ~ '^#[0-9A-Fa-f]{6}$'" },
    {
      name: 'business_policy_ranges',
      expression:
        '(follow_up_after_minutes is null or (follow_up_after_minutes >= 0 and follow_up_after_minutes <= 43200)) and (digest_at_minute is null or (digest_at_minute >= 0 and digest_at_minute < 1440)) and min_notice_minutes >= 0 and booking_horizon_days >= 1 and booking_horizon_days <= 730 and slot_step_minutes >= 5 and slot_step_minutes <= 1440 and hold_minutes >= 1 and hold_minutes <= 1440 and waitlist_offer_minutes >= 5 and waitlist_offer_minutes <= 1440 and payment_minutes >= 5 and payment_minutes <= 10080 and (auto_no_show_after_minutes is null or (auto_no_show_after_minutes >= 0 and auto_no_show_after_minutes <= 10080)) and cancel_cutoff_minutes >= 0 and reschedule_cutoff_minutes >= 0',
    },
  ],
});

/** A business row as loaded by MikroORM. */
export type Business = InferEntity<typeof BusinessSchema>;
