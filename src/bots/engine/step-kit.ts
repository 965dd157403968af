import { z } from 'zod';
import type { ChatAddress } from '../../app/conversations/conversation-store.ts';
import type { BusinessProfile } from '../../app/catalog/business-profile.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Language, Translator } from '../../i18n/translator.ts';
import type { ChatEvent, ChatProfile } from './chat-event.ts';
import type { ChatMessage, ChatText } from './chat-message.ts';
import type { ConversationState, ConversationStep, StepName } from './conversation-state.ts';
import type { TextMenus } from './text-menu.ts';

/** The chat an event came from (the conversation store's address). */
export type { ChatAddress };

/** What the engine needs from outside: use cases' context, the chat, and settings. */
export interface EngineEnv {
  ctx: UseCaseContext;
  /** Words for what leaves the customer's chat in another language (a note to the team). */
  translator: Translator;
  address: ChatAddress;
  profile: ChatProfile;
  /** How long a flow may sit idle before it times out and its hold is released. */
  idleMinutes: number;
  /**
   * Set by channels without buttons (SMS, WhatsApp): menus are numbered text read a page
   * at a time, and "0"/"back", "9"/"more", "menu" and "help" work on every step.
   */
  textMenus?: TextMenus;
}

/** Everything a step sees while handling one event. */
export interface Scene {
  env: EngineEnv;
  business: BusinessProfile;
  language: Language;
  customerId: string;
  state: ConversationState;
  now: number;
  /**
   * Reads data once per event: a step that checks free times and the next step that
   * shows them share one read. Only for reads made before this event changes anything.
   */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** Where a step's input leads: the next step, with lines to show above it. */
export interface Move {
  next: ConversationStep;
  notes?: ChatText[];
  /** Replaces the customer's language (the language step). */
  language?: Language;
  /** The chat now belongs to this customer card (a verified phone joined it to an existing one). */
  customerId?: string;
  /** The step's hold became a booking: there is nothing left to release on the way out. */
  holdSettled?: boolean;
  /** The page of a long numbered menu to show (channels without buttons); the first by default. */
  textPage?: number;
  /** Messages the customer keeps (a booking's confirmation), sent ahead of the next step's. */
  kept?: ChatMessage[];
  /** What a `/start` link brought (its campaign, a promo code), kept in the chat's state from now on. */
  entry?: { campaign: string | null; linkPromo: string | null };
}

/** A step's answer to an event: a move, or "not understood" (the step is shown again). */
export type StepOutcome = Move | 'not_understood';

/**
 * How a step reads typed text. `menu` (the default): a number or a label picks a
 * choice. `own`: the text is the customer's answer (a promo code, a message); only an
 * exact label picks a choice. `own-or-number`: the same, and a number picks a choice —
 * no answer here could be a number (a name). `answer`: the text is the answer even when
 * it is a number (a phone: "1" is a bad phone, never the first option), on every channel;
 * only an exact label or a navigation word picks. `own-first`: the step reads the text
 * itself first (a date, a time), then as a menu.
 */
export type TypedText = 'menu' | 'own' | 'own-or-number' | 'answer' | 'own-first';

/** One step of a flow: how it looks, and what an event does there. */
export interface StepHandler<S extends ConversationStep = ConversationStep> {
  /** How typed text is read here (default `menu`). */
  typed?: TypedText;
  /**
   * The i18n key said when input is not understood here (default `chat.not_understood`,
   * which speaks of options): steps that read the customer's own words ask in theirs.
   */
  reprompt?: string;
  render(scene: Scene, step: S): Promise<ChatMessage>;
  /**
   * A pressed choice (already matched from typed numbers and labels) or free input the
   * step understands itself (a name, a phone, a date). Return 'not_understood' to re-prompt.
   */
  onEvent(scene: Scene, step: S, event: ChatEvent): Promise<StepOutcome>;
}

/** A table of handlers by step name, each typed for its own step. */
export type StepTable = { [N in StepName]: StepHandler<Extract<ConversationStep, { name: N }>> };

/** Moves to a step. */
export function goTo(next: ConversationStep, notes: ChatText[] = []): Move {
  return { next, notes };
}

/** The id of a pressed choice, or null for other events. */
export function chosen(event: ChatEvent): string | null {
  return event.kind === 'choice' ? event.id : null;
}

/** The id's part after `prefix:`, or null when it has another prefix. */
export function idAfter(id: string | null, prefix: string): string | null {
  return id !== null && id.startsWith(`${prefix}:`) ? id.slice(prefix.length + 1) : null;
}

// Built once: a step reads a pressed choice on every event.
const Uuid = z.uuid();
const LocalDate = z.iso.date();

/**
 * The entity id after `prefix:` in a pressed choice, or null when there is none or it
 * is not an id at all: a forged or garbled button is "not understood", never an error.
 */
export function uuidAfter(id: string | null, prefix: string): string | null {
  const raw = idAfter(id, prefix);
  return raw !== null && Uuid.safeParse(raw).success ? raw.toLowerCase() : null;
}

/** The local date (YYYY-MM-DD) after `prefix:` in a pressed choice, or null when it is not a real date. */
export function dateAfter(id: string | null, prefix: string): string | null {
  const raw = idAfter(id, prefix);
  return raw !== null && LocalDate.safeParse(raw).success ? raw : null;
}
