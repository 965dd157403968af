import { z } from 'zod';
import { LANGUAGES } from '../../i18n/translator.ts';
import { DAY_PARTS } from './day-parts.ts';
import { SERIES_STEPS } from './series-state.ts';

const Uuid = z.uuid();
const LocalDate = z.iso.date();

/** The slot a checkout step holds, and the specialist the customer chose (null: anyone) for "change time". */
const Hold = { holdId: Uuid, staffChoice: Uuid.nullable().default(null) };

// Every step but the language step: the one the language step comes back to.
const RESUMABLE_STEPS = [
  z.object({ name: z.literal('menu') }),
  z.object({ name: z.literal('help') }),
  z.object({ name: z.literal('service') }),
  /** What each service is (their descriptions), from the service step. */
  z.object({ name: z.literal('service_about') }),
  z.object({ name: z.literal('staff'), serviceId: Uuid }),
  z.object({
    name: z.literal('day'),
    serviceId: Uuid,
    staffId: Uuid.nullable(),
    firstDate: LocalDate,
    /** Set when moving an existing booking rather than making a new one. */
    bookingId: Uuid.nullable(),
  }),
  z.object({
    name: z.literal('time'),
    serviceId: Uuid,
    staffId: Uuid.nullable(),
    date: LocalDate,
    page: z.number().int().min(0),
    bookingId: Uuid.nullable(),
    /** Only this part of the day's times (a heading pressed); states stored before it existed show all. */
    part: z.enum(DAY_PARTS).nullable().default(null),
  }),
  z.object({ name: z.literal('alternatives'), serviceId: Uuid, staffId: Uuid.nullable(), options: z.array(z.number().int()).max(6), bookingId: Uuid.nullable() }),
  z.object({ name: z.literal('day_full'), serviceId: Uuid, staffId: Uuid.nullable(), date: LocalDate }),
  /** `editing`: opened from the summary to change it, and back there after. */
  z.object({ name: z.literal('name'), ...Hold, editing: z.boolean().default(false) }),
  z.object({ name: z.literal('phone'), ...Hold, editing: z.boolean().default(false) }),
  z.object({ name: z.literal('promo'), ...Hold }),
  z.object({ name: z.literal('summary'), ...Hold }),
  /** From the summary: what to change (name, phone, who comes). */
  z.object({ name: z.literal('details'), ...Hold }),
  /** From the summary: a note for the specialist. */
  z.object({ name: z.literal('note'), ...Hold }),
  /** From the summary: the name of who comes, when it is someone else. */
  z.object({ name: z.literal('guest'), ...Hold }),
  z.object({ name: z.literal('pay'), bookingId: Uuid }),
  /** `staffId`: the specialist the chosen time is with (a shortcut named them); null: the booking's own, else whoever is free. */
  z.object({ name: z.literal('move_confirm'), bookingId: Uuid, startsAt: z.number().int(), staffId: Uuid.nullable().default(null) }),
  z.object({ name: z.literal('bookings') }),
  z.object({ name: z.literal('booking'), bookingId: Uuid }),
  z.object({ name: z.literal('cancel_confirm'), bookingId: Uuid }),
  z.object({ name: z.literal('talk') }),
  z.object({ name: z.literal('notifications') }),
  z.object({ name: z.literal('ask_team'), text: z.string().max(1000) }),
  z.object({ name: z.literal('review_comment'), bookingId: Uuid, rating: z.number().int().min(1).max(5) }),
  ...SERIES_STEPS,
] as const;
const ResumableStep = z.discriminatedUnion('name', RESUMABLE_STEPS);

/**
 * Where a conversation stands: one step of one flow, holding only ids and plain values
 * (never ORM objects), so it is stored as JSON and read back by any instance. The
 * language step carries the step it was opened from (`resume`): a language chosen in
 * the middle of a booking keeps its hold and choices and goes back there.
 */
export const ConversationStep = z.discriminatedUnion('name', [
  ...RESUMABLE_STEPS,
  z.object({ name: z.literal('language'), resume: ResumableStep.nullable().default(null) }),
]);
/** One step. */
export type ConversationStep = z.output<typeof ConversationStep>;
/** One step, by name. */
export type Step<N extends ConversationStep['name']> = Extract<ConversationStep, { name: N }>;
/** What a checkout step carries. */
export type HeldSlot = { holdId: string; staffChoice: string | null };
/** A step's name. */
export type StepName = ConversationStep['name'];

/**
 * The numbered menu a channel without buttons last showed (SMS, WhatsApp): its page and
 * the choice ids by typed number, so "3" means what the customer read even if the list
 * changed since. `global`: the ids are notification actions (a reminder's answers),
 * valid on any step.
 */
export const TextMenuState = z.object({
  page: z.number().int().min(0).max(1000),
  shown: z.array(z.string().min(1).max(64)).max(16),
  more: z.boolean(),
  global: z.boolean().default(false),
});
/** A stored text menu. */
export type TextMenuState = z.output<typeof TextMenuState>;

/** The whole stored state of one chat. */
export const ConversationState = z.object({
  /** The language the customer reads; null until known. */
  language: z.enum(LANGUAGES).nullable(),
  customerId: Uuid.nullable(),
  step: ConversationStep,
  /** Last time the customer did something (epoch ms): an idle flow times out. */
  touchedAt: z.number().int(),
  /** Channels without buttons only; states stored before it existed read as none. */
  textMenu: TextMenuState.nullable().default(null),
  /** The campaign of the `/start` link this chat came by: recorded on the bookings it makes. */
  campaign: z.string().regex(/^[A-Za-z0-9]{1,32}$/).nullable().default(null),
  /** A promo code the `/start` link carried: offered with one tap at the promo step. */
  linkPromo: z.string().max(32).nullable().default(null),
});
/** A conversation's state. */
export type ConversationState = z.output<typeof ConversationState>;

/** A new conversation at the main menu. */
export function freshState(now: number): ConversationState {
  return { language: null, customerId: null, step: { name: 'menu' }, touchedAt: now, textMenu: null, campaign: null, linkPromo: null };
}

/** The hold a step keeps alive, if any: released when the flow is left or times out. */
export function heldBookingOf(step: ConversationStep): string | null {
  if (step.name === 'language') return step.resume ? heldBookingOf(step.resume) : null;
  return 'holdId' in step ? step.holdId : null;
}

/** The language step opened from `step`: it comes back there (the menu and the language step come back to the menu). */
export function languageStepFrom(step: ConversationStep): Step<'language'> {
  if (step.name === 'language') return step;
  return { name: 'language', resume: step.name === 'menu' ? null : step };
}
