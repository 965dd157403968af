import { applyPromoCode } from '../../app/booking/apply-promo-code.ts';
import { customerBooking } from './customer-booking.ts';
import type { BookingDetails } from '../../app/booking/booking-details.ts';
import { confirmBooking } from '../../app/booking/confirm-booking.ts';
import { customerCard } from '../../app/customers/customer-card.ts';
import type { CustomerView } from '../../app/customers/customer-view.ts';
import { setCustomerPhone } from '../../app/customers/set-customer-phone.ts';
import { renameCustomer } from '../../app/customers/rename-customer.ts';
import { holdSlot } from '../../app/booking/hold-slot.ts';
import { SlotUnavailable } from '../../app/shared/app-errors.ts';
import { HoldExpired, InvalidBookingTransition, SlotTaken } from '../../domain/index.ts';
import { formatDateTime, formatPrice, formatTime, localDateOf } from './chat-formatting.ts';
import { choice, message, raw, say, type ChatText } from './chat-message.ts';
import type { ConversationStep, HeldSlot, Step } from './conversation-state.ts';
import { chosen, goTo, type Move, type Scene, type StepHandler, type StepOutcome } from './step-kit.ts';
import { readTypedAnswer } from './typed-answers.ts';
import { confirmationCard } from './booking-confirmation.ts';
import { afterEdit, summaryEditChoices, summaryEditMove } from './summary-edit-steps.ts';

const NAME = /^[\p{L}][\p{L}\p{M} .'’-]{0,99}$/u;

/**
 * After a slot is held: ask only for what the business does not know yet, then the
 * summary. Pass the customer card (or its name and phone) when the step just read or
 * changed it (saves reading it again).
 */
export async function nextCheckoutStep(scene: Scene, hold: HeldSlot, after: ConversationStep['name'] = 'time', known?: Pick<CustomerView, 'name' | 'phone'>): Promise<ConversationStep> {
  const customer = known ?? (await customerCard(scene.env.ctx, scene.business.id, scene.customerId));
  const order: ConversationStep['name'][] = ['time', 'name', 'phone', 'promo', 'summary'];
  const needs = (name: ConversationStep['name']) => order.indexOf(name) > order.indexOf(after);
  const held = { holdId: hold.holdId, staffChoice: hold.staffChoice };
  if (needs('name') && customer.name.trim() === '') return { name: 'name', ...held, editing: false };
  if (needs('phone') && !customer.phone) return { name: 'phone', ...held, editing: false };
  if (needs('promo') && scene.business.hasPromoCodes) return { name: 'promo', ...held };
  return { name: 'summary', ...held };
}

/** Back to choosing a day for the held service, with the specialist the customer chose. */
async function chooseAgain(scene: Scene, step: HeldSlot, notes: ChatText[] = []): Promise<Move> {
  const b = await customerBooking(scene, step.holdId);
  return goTo({ name: 'day', serviceId: b.serviceId, staffId: step.staffChoice, firstDate: localDateOf(scene.now, scene.business.timeZone), bookingId: null }, notes);
}

/**
 * Leaving checkout on the customer's word (the Cancel button, or "cancel", "отмена",
 * "скасувати", "бас тарту" typed): the hold is released on the way out, and the chat says
 * that nothing was booked.
 */
function cancelCheckout(): Move {
  return goTo({ name: 'menu' }, [say('chat.checkout.cancelled')]);
}

/** The checkout steps' Cancel button: handled by the step, so leaving is said plainly. */
const cancelChoice = () => choice('cancel', say('chat.nav.cancel'));
/** Back to the summary, on a step opened from it. */
const backChoice = () => choice('back', say('chat.nav.back'));

/** On a name or phone step opened from the summary, "back" (or "cancel") returns there with the hold kept; null otherwise. */
function leftEdit(step: HeldSlot & { editing: boolean }, event: Parameters<StepHandler['onEvent']>[2]): Move | null {
  return step.editing && (chosen(event) === 'back' || cancels(event)) ? goTo({ name: 'summary', holdId: step.holdId, staffChoice: step.staffChoice }) : null;
}

/** Typed "cancel" (any of the four languages) on a checkout step, or its Cancel button. */
function cancels(event: Parameters<StepHandler['onEvent']>[2]): boolean {
  return chosen(event) === 'cancel' || (event.kind === 'text' && readTypedAnswer(event.text) === 'cancel');
}

/** The name for the booking. */
export const nameStep: StepHandler<Step<'name'>> = {
  typed: 'own-or-number',
  reprompt: 'chat.checkout.reprompt_name',
  async render(scene, step) {
    const profileName = scene.env.profile.name?.trim();
    const choices = profileName && NAME.test(profileName) ? [[choice('name:profile', raw(profileName))]] : [];
    return message([say('chat.checkout.ask_name')], [...choices, [step.editing ? backChoice() : cancelChoice()]]);
  },
  async onEvent(scene, step, event) {
    const left = leftEdit(step, event);
    if (left) return left;
    // "Cancel" is a word, not a name: checked before the text could be saved as one.
    if (cancels(event)) return cancelCheckout();
    const typed = chosen(event) === 'name:profile' ? scene.env.profile.name?.trim() : event.kind === 'text' ? event.text.trim() : undefined;
    if (!typed) return 'not_understood';
    if (!NAME.test(typed)) return goTo(step, [say('chat.checkout.bad_name')]);
    const customer = await renameCustomer(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { customerId: scene.customerId, name: typed });
    return afterEdit(step) ?? goTo(await nextCheckoutStep(scene, step, 'name', customer));
  },
};

/**
 * The phone number: the channel's contact button (verified) or typed. Any number typed
 * here is a phone answer ("1" is a bad phone, asked again with the hold kept), never an
 * option: so a numbered text menu shows no numbered Cancel here, only "0 — menu".
 */
export const phoneStep: StepHandler<Step<'phone'>> = {
  typed: 'answer',
  reprompt: 'chat.checkout.reprompt_phone',
  async render(scene, step) {
    const leave = step.editing ? backChoice() : scene.env.textMenus ? choice('menu', say('chat.nav.menu')) : cancelChoice();
    return message([say('chat.checkout.ask_phone')], [[leave]], { requestContact: true });
  },
  async onEvent(scene, step, event): Promise<Move | 'not_understood'> {
    const left = leftEdit(step, event);
    if (left) return left;
    if (cancels(event)) return cancelCheckout();
    if (event.kind !== 'contact' && event.kind !== 'text') return 'not_understood';
    const phone = event.kind === 'contact' ? event.phone : event.text;
    const verified = event.kind === 'contact' && event.own;
    if (event.kind === 'contact' && !event.own) return goTo(step, [say('chat.checkout.not_your_contact')]);
    const customer = await setCustomerPhone(scene.env.ctx, scene.business.id, {
      customerId: scene.customerId,
      phone,
      verified,
      ...(scene.business.phoneCountry ? { defaultCountry: scene.business.phoneCountry } : {}),
    });
    // A verified number may have joined this chat to the customer's existing card.
    const edited = afterEdit(step);
    return { ...(edited ?? { next: await nextCheckoutStep(scene, step, 'phone', customer) }), customerId: customer.id };
  },
};

/**
 * An optional promo code. "No", "skip" and the like (in any of the four languages) mean
 * "no code": they are answers to the question, never codes to try (a business cannot
 * name a code "NO" and expect it typed alone).
 */
export const promoStep: StepHandler<Step<'promo'>> = {
  typed: 'own',
  reprompt: 'chat.checkout.reprompt_promo',
  async render(scene) {
    // The code a /start link carried is one tap away (the customer still chooses to use it).
    const fromLink = scene.state.linkPromo ? [[choice('promo:link', say('chat.checkout.use_link_promo', { code: scene.state.linkPromo }))]] : [];
    return message([say('chat.checkout.ask_promo')], [...fromLink, [choice('skip', say('chat.checkout.no_promo'))], [cancelChoice()]]);
  },
  async onEvent(scene, step, event) {
    if (cancels(event)) return cancelCheckout();
    const answer = event.kind === 'text' ? readTypedAnswer(event.text) : null;
    if (chosen(event) === 'skip' || answer === 'no' || answer === 'skip') return goTo({ ...step, name: 'summary' });
    const linked = chosen(event) === 'promo:link' ? scene.state.linkPromo : null;
    if (event.kind !== 'text' && !linked) return 'not_understood';
    const code = linked ?? (event.kind === 'text' ? event.text.trim() : '');
    if (code.length < 2 || code.length > 40) return 'not_understood';
    const booking = await applyPromoCode(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: step.holdId, code });
    return goTo({ ...step, name: 'summary' }, [say('chat.checkout.promo_applied', { discount: formatPrice(booking.discountMinor, booking.currency, scene.language) })]);
  },
};

/**
 * The summary with price and deposit; confirming turns the hold into a booking. Typed
 * "yes", "да", "так", "иә", "ok", 👍 confirm; "no" or "cancel" drop it. A hold that lapsed
 * while the customer read (holds last minutes, an idle chat longer) is taken again for
 * the same time when it is still free, and confirmed; when it is not, the chat says so
 * and offers the nearest free times.
 */
export const summaryStep: StepHandler<Step<'summary'>> = {
  async render(scene, step) {
    const b = await customerBooking(scene, step.holdId);
    const lang = scene.language;
    const zone = scene.business.timeZone;
    const lines: ChatText[] = [
      say('chat.checkout.summary_title'),
      say('chat.checkout.summary_service', { service: b.serviceName }),
      say('chat.checkout.summary_staff', { staff: b.staffName }),
      say('chat.checkout.summary_when', { when: formatDateTime(b.startsAt, zone, lang) }),
      say('chat.checkout.summary_price', { price: formatPrice(b.priceMinor - b.discountMinor, b.currency, lang) }),
    ];
    if (b.discountMinor > 0) lines.push(say('chat.checkout.summary_discount', { discount: formatPrice(b.discountMinor, b.currency, lang) }));
    if (b.depositMinor > 0) lines.push(say('chat.checkout.summary_deposit', { deposit: formatPrice(b.depositMinor, b.currency, lang) }));
    if (b.customerName) lines.push(say('chat.summary_edit.summary_contact', { name: b.customerName, phone: b.customerPhone ?? '—' }));
    if (b.guestName) lines.push(say('chat.summary_edit.summary_guest', { guest: b.guestName }));
    if (b.notes) lines.push(say('chat.summary_edit.summary_note', { note: b.notes }));
    if (holdLapsed(b, scene.now)) lines.push(say('chat.checkout.hold_ran_out'));
    else if (b.holdExpiresAt !== null) {
      const sameDay = localDateOf(b.holdExpiresAt, zone) === localDateOf(scene.now, zone);
      lines.push(say('chat.checkout.held_until', { time: sameDay ? formatTime(b.holdExpiresAt, zone, lang) : formatDateTime(b.holdExpiresAt, zone, lang) }));
    }
    return message(lines, [[choice('ok', say('chat.checkout.confirm')), choice('no', say('chat.nav.cancel'))], [choice('days', say('chat.book.other_time'))], ...summaryEditChoices()]);
  },
  async onEvent(scene, step, event) {
    const answer = event.kind === 'text' ? readTypedAnswer(event.text) : null;
    const id = answer === 'yes' ? 'ok' : answer === 'no' || answer === 'cancel' ? 'no' : chosen(event);
    if (id === 'no') return goTo({ name: 'menu' }, [say('chat.checkout.dropped')]);
    if (id === 'days') return chooseAgain(scene, step);
    const edit = summaryEditMove(id, step);
    if (edit) return edit;
    if (id !== 'ok') return 'not_understood';
    try {
      return await confirmHeld(scene, step.holdId);
    } catch (error) {
      if (!(error instanceof HoldExpired || error instanceof InvalidBookingTransition)) throw error;
      // Read only now, not before every confirmation: most holds are still live.
      const held = await customerBooking(scene, step.holdId);
      if (holdLapsed(held, scene.now)) return holdAgainAndConfirm(scene, step, held);
      if (error instanceof HoldExpired) return chooseAgain(scene, step, [say(error.i18nKey)]);
      throw error;
    }
  },
};

/** The hold ran out: still `held` past its expiry, or already released by the sweep. */
function holdLapsed(b: BookingDetails, now: number): boolean {
  if (b.status === 'held') return b.holdExpiresAt !== null && b.holdExpiresAt <= now;
  return b.status === 'cancelled' && b.cancelledBy === 'system';
}

/** Holds the lapsed hold's time again (same specialist, same promo code) and confirms it; taken meanwhile → the nearest free times. */
async function holdAgainAndConfirm(scene: Scene, step: Step<'summary'>, lapsed: BookingDetails): Promise<StepOutcome> {
  const { ctx, address } = scene.env;
  let hold;
  try {
    hold = await holdSlot(ctx, scene.business.id, {
      customerId: scene.customerId,
      serviceId: lapsed.serviceId,
      staffId: lapsed.staffId,
      startsAt: lapsed.startsAt,
      source: address.channel,
      conversationKey: `${address.channel}:${address.chatId}`,
      campaign: scene.state.campaign,
    });
  } catch (error) {
    if (!(error instanceof SlotTaken || error instanceof SlotUnavailable)) throw error;
    const options = error.alternatives.slice(0, 6).map((a) => a.startsAt);
    const when = formatDateTime(lapsed.startsAt, scene.business.timeZone, scene.language);
    return goTo({ name: 'alternatives', serviceId: lapsed.serviceId, staffId: step.staffChoice, options, bookingId: null }, [say('chat.checkout.hold_lapsed_taken', { when })]);
  }
  if (lapsed.promoCode) {
    await applyPromoCode(ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: hold.id, code: lapsed.promoCode });
  }
  try {
    return await confirmHeld(scene, hold.id);
  } catch (error) {
    if (error instanceof HoldExpired) return chooseAgain(scene, step, [say(error.i18nKey)]);
    throw error;
  }
}

/** Confirms a live hold and answers with the confirmation card; throws `HoldExpired` when it lapsed. */
async function confirmHeld(scene: Scene, holdId: string): Promise<StepOutcome> {
  const booked = await confirmBooking(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: holdId });
  const when = formatDateTime(booked.startsAt, scene.business.timeZone, scene.language);
  // The confirmation is a message of its own that stays in the chat; the menu comes below it.
  const settled = async (headline: ChatText, next: ConversationStep = { name: 'menu' }): Promise<Move> => ({
    next,
    kept: [await confirmationCard(scene, booked.id, headline)],
    holdSettled: true,
  });
  if (booked.status === 'confirmed') return settled(say('chat.booked.confirmed', { when }));
  if (booked.awaiting === 'approval') return settled(say('chat.booked.awaiting_approval', { when }));
  const deposit = formatPrice(booked.depositMinor, booked.currency, scene.language);
  // With a way to take money: its link and QR at once. Without: the team will say how.
  if (scene.env.ctx.payments) return settled(say('chat.booked.deposit_due', { when, deposit }), { name: 'pay', bookingId: booked.id });
  return settled(say('chat.booked.awaiting_payment', { when, deposit }));
}
