import { z } from 'zod';
import type { BusinessProfile } from '../../app/catalog/business-profile.ts';
import { findOrCreateCustomer } from '../../app/customers/find-or-create-customer.ts';
import { NotFound } from '../../app/shared/app-errors.ts';
import { releaseHold } from '../../app/booking/release-hold.ts';
import { DomainError } from '../../domain/index.ts';
import { errorLine } from './error-line.ts';
import { supportedLanguage, type Language, type Translator } from '../../i18n/translator.ts';
import { startWithService } from './booking-steps.ts';
import { readDeepLink } from './deep-link.ts';
import type { ChatEvent } from './chat-event.ts';
import { flatChoices, say, type ChatMessage } from './chat-message.ts';
import { freshState, heldBookingOf, languageStepFrom, type ConversationState, type ConversationStep } from './conversation-state.ts';
import { matchChoiceLabel, parseChoiceNumber } from './free-text.ts';
import { noVisitsYet } from './menu-steps.ts';
import { notificationAction } from './my-booking-steps.ts';
import { isOffersStop, stopOffersMove } from './offers-opt-out.ts';
import { handlerFor, STEPS } from './step-table.ts';
import { readTextMenu, shownTextMenu } from './text-menu-reading.ts';
import { goTo, type EngineEnv, type Move, type Scene, type StepOutcome, type TypedText } from './step-kit.ts';

/** What one event produced: the state to store and the messages to send, in order. */
export interface EngineTurn {
  state: ConversationState;
  messages: ChatMessage[];
  /** The language to render the messages in. */
  language: Language;
  /** The page of the last message's numbered menu (channels without buttons; 0 otherwise). */
  textPage: number;
}

/**
 * The conversation engine: one event in, the next state and the messages out. Channel
 * neutral — adapters turn their updates into {@link ChatEvent}s and render the
 * {@link ChatMessage}s. `version` is the stored state's version; a pressed choice drawn
 * for another version is stale and gets the current step again.
 */
export async function runConversation(
  env: EngineEnv & { translator: Translator },
  business: BusinessProfile,
  stored: { state: ConversationState; version: number } | null,
  event: ChatEvent,
): Promise<EngineTurn> {
  const now = env.ctx.now();
  let state = stored?.state ?? freshState(now);
  let customerId = state.customerId;
  let newCustomer = false;
  if (!customerId) {
    const customer = await findOrCreateCustomer(env.ctx, business.id, {
      channel: env.address.channel,
      externalId: env.address.chatId,
      ...(env.profile.language ? { locale: supportedLanguage(env.profile.language) ?? undefined } : {}),
    });
    customerId = customer.id;
    newCustomer = customer.created;
    state = { ...state, customerId, language: state.language ?? supportedLanguage(customer.locale) };
  }
  const language = state.language ?? supportedLanguage(env.profile.language) ?? supportedLanguage(business.defaultLocale) ?? 'en';
  const memo = new Map<string, Promise<unknown>>();
  const scene: Scene = {
    env,
    business,
    language,
    customerId,
    state,
    now,
    once: <T>(key: string, load: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, load());
      return memo.get(key) as Promise<T>;
    },
  };
  if (newCustomer) noVisitsYet(scene);
  // A checkout left idle times out: its hold goes back, and the customer starts from the
  // menu. Other steps hold nothing and simply carry on (a reply in "talk" hours later).
  if (stored && heldBookingOf(state.step) !== null && now - state.touchedAt > env.idleMinutes * 60_000) {
    await releaseHeld(scene, state.step);
    state = { ...state, step: { name: 'menu' } };
    scene.state = state;
    if (event.kind !== 'command') return finish(env.translator, scene, { next: { name: 'menu' }, notes: [say('chat.timed_out')] });
  }

  if (event.kind === 'choice' && event.version !== null && stored && event.version !== stored.version) {
    return finish(env.translator, scene, goTo(state.step, [say('chat.stale_menu')]));
  }

  let outcome: StepOutcome;
  try {
    outcome = await route(env, scene, event, !stored);
  } catch (error) {
    // Input a use case refused as malformed (a 40-character "phone") is just not understood.
    if (error instanceof z.ZodError) outcome = 'not_understood';
    else if (error instanceof NotFound && error.params['what'] === 'customer' && stored?.state.customerId) {
      // The card this chat belonged to was removed: start over as whoever this chat is now.
      return runConversation(env, business, { state: { ...stored.state, customerId: null, step: { name: 'menu' } }, version: stored.version }, event);
    } else if (error instanceof DomainError) outcome = { ...goTo(state.step, [errorLine(error, scene.language)]), textPage: state.textMenu?.page ?? 0 };
    else throw error;
  }
  // Asked again, a long numbered menu stays on the page the customer was reading. A step
  // that reads the customer's own words asks again in its own words, not "choose an option".
  if (outcome === 'not_understood') outcome = { ...goTo(state.step, [say(handlerFor(state.step).reprompt ?? 'chat.not_understood')]), textPage: state.textMenu?.page ?? 0 };
  return finish(env.translator, scene, outcome);
}

async function route(env: EngineEnv & { translator: Translator }, scene: Scene, event: ChatEvent, firstContact: boolean): Promise<StepOutcome> {
  const step = scene.state.step;
  if (event.kind === 'command') return command(scene, event.name.toLowerCase(), event.arg);
  // STOP works on every step: offers end at once (booking messages still come).
  if (event.kind === 'text' && !firstContact && isOffersStop(event.text)) return stopOffersMove(scene, null);
  if (firstContact) return greet(scene);
  if (event.kind === 'choice') {
    if (event.id === 'menu') return goTo({ name: 'menu' });
    if (event.version === null) return notificationAction(scene, event.id);
  }
  const handler = handlerFor(step);
  const typed = handler.typed ?? 'menu';
  if (event.kind === 'text' && env.textMenus) {
    // Channels without buttons: numbers refer to the page shown, and the navigation
    // words work on every step, ahead of dates, times and free answers.
    const read = await readTextMenu(scene, handler, step, event.text, () => handler.render(scene, step));
    if (read) return read;
  }
  if (event.kind === 'text') {
    // Dates and times are read before option numbers: "10" on the time step is 10:00.
    if (typed === 'own-first') {
      const typed = await handler.onEvent(scene, step, event);
      if (typed !== 'not_understood') return typed;
    }
    // Only typed text needs the menu drawn first: a number or a label refers to it.
    const rendered = await handler.render(scene, step);
    const picked = pickFromText(env.translator, scene.language, rendered, event.text, typed, !env.textMenus);
    if (picked === 'menu') return goTo({ name: 'menu' });
    if (picked) return handler.onEvent(scene, step, { kind: 'choice', id: picked, version: null });
  }
  return handler.onEvent(scene, step, event);
}

async function command(scene: Scene, name: string, arg: string): Promise<StepOutcome> {
  switch (name) {
    case 'start': {
      // A link's campaign and promo code stay with the chat; a plain /start keeps what it had.
      const link = readDeepLink(arg);
      if (!link) return greet(scene);
      const entry = { campaign: link.campaign ?? scene.state.campaign, linkPromo: link.promo ?? scene.state.linkPromo };
      const opened = link.serviceId ? await startWithService(scene, link.serviceId, link.staffId) : greet(scene);
      return opened === 'not_understood' ? opened : { ...opened, entry };
    }
    case 'book':
      return goTo({ name: 'service' });
    case 'my':
    case 'bookings':
      return goTo({ name: 'bookings' });
    case 'language':
      // Mid-flow, the language step comes back to where the customer was (a hold kept).
      return goTo(languageStepFrom(scene.state.step));
    case 'help':
      return goTo({ name: 'help' });
    case 'talk':
      return goTo({ name: 'talk' });
    case 'settings':
    case 'notifications':
      return goTo({ name: 'notifications' });
    default:
      return goTo({ name: 'menu' });
  }
}

/**
 * Hello with the business's name. When the person's app speaks a language we do not,
 * they choose one first; with no hint at all, the business's own language is the
 * better guess (it knows its market).
 */
function greet(scene: Scene): Move {
  const hint = scene.env.profile.language;
  const unknown = scene.state.language === null && hint !== undefined && supportedLanguage(hint) === null;
  return goTo(unknown ? { name: 'language', resume: null } : { name: 'menu' }, [say('chat.greeting', { business: scene.business.name })]);
}

/**
 * A typed number or label names a choice of the current menu. On free-text steps only an
 * exact label counts. `numbers`: false where numbers count per page (text menus, read before).
 */
function pickFromText(translator: Translator, language: Language, rendered: ChatMessage, text: string, typed: TypedText, numbers: boolean): string | null {
  const choices = flatChoices(rendered);
  if (choices.length === 0) return null;
  const labels = choices.map((c) => ('raw' in c.label ? c.label.raw : translator.t(language, c.label.key, c.label.params)));
  if (typed === 'own' || typed === 'own-or-number' || typed === 'answer') {
    const exact = labels.findIndex((l) => l.trim().toLocaleLowerCase() === text.trim().toLocaleLowerCase());
    const index = exact >= 0 ? exact : typed === 'own-or-number' && numbers ? parseChoiceNumber(text, choices.length) : null;
    return index === null ? null : choices[index]!.id;
  }
  const index = (numbers ? parseChoiceNumber(text, choices.length) : null) ?? matchChoiceLabel(text, labels);
  return index === null ? null : choices[index]!.id;
}

async function finish(translator: Translator, scene: Scene, move: Move): Promise<EngineTurn> {
  const previous = scene.state.step;
  if (!move.holdSettled && heldBookingOf(previous) !== heldBookingOf(move.next)) await releaseHeld(scene, previous);
  const customerId = move.customerId ?? scene.customerId;
  const language = move.language ?? scene.language;
  const state: ConversationState = { ...scene.state, ...move.entry, customerId, language: move.language ?? scene.state.language, step: move.next, touchedAt: scene.now };
  const next: Scene = { ...scene, customerId, language, state };
  const handler = handlerFor(move.next);
  let rendered: ChatMessage;
  try {
    rendered = await handler.render(next, move.next);
  } catch (error) {
    // The step's booking vanished or is not theirs (a stale notification button): back to the menu.
    if (!(error instanceof DomainError)) throw error;
    const menu: ConversationState = { ...state, step: { name: 'menu' } };
    const menuMessage = await STEPS.menu.render({ ...next, state: menu }, { name: 'menu' });
    return withTextMenu(translator, next, { state: menu, language, messages: [{ ...menuMessage, lines: [errorLine(error, language), ...menuMessage.lines] }], textPage: 0 });
  }
  const messages: ChatMessage[] = [...(move.kept ?? []), { ...rendered, lines: [...(move.notes ?? []), ...rendered.lines] }];
  // Leaving the phone step: a short thanks takes the contact button away.
  if (previous.name === 'phone' && (move.next.name === 'promo' || move.next.name === 'summary')) messages.unshift({ lines: [say('chat.checkout.phone_saved')], choices: [], dismissKeyboard: true });
  return withTextMenu(translator, next, { state, language, messages, textPage: move.textPage ?? 0 });
}

/** Remembers the numbered menu a channel without buttons shows, so its numbers are read against it. */
function withTextMenu(translator: Translator, scene: Scene, turn: EngineTurn): EngineTurn {
  const menus = scene.env.textMenus;
  if (!menus) return { ...turn, state: { ...turn.state, textMenu: null }, textPage: 0 };
  const textMenu = shownTextMenu(translator, { ...scene, language: turn.language }, turn.messages, turn.textPage, menus);
  return { ...turn, state: { ...turn.state, textMenu }, textPage: textMenu.page };
}

async function releaseHeld(scene: Scene, step: ConversationStep): Promise<void> {
  const holdId = heldBookingOf(step);
  if (!holdId) return;
  try {
    await releaseHold(scene.env.ctx, scene.business.id, { customerId: scene.customerId, bookingId: holdId, reason: 'abandoned' });
  } catch (error) {
    // Already gone (expired and swept, merged away): nothing to release.
    if (!(error instanceof DomainError)) throw error;
  }
}

