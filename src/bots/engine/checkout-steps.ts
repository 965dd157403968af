import { applyPromoCode } from '../../app/booking/apply-promo-code.ts';
import { bookingDetails } from '../../app/booking/booking-details.ts';
import { confirmBooking } from '../../app/booking/confirm-booking.ts';
import { customerCard } from '../../app/customers/customer-card.ts';
import type { CustomerView } from '../../app/customers/customer-view.ts';
import { setCustomerPhone } from '../../app/customers/set-customer-phone.ts';
import { updateCustomer } from '../../app/customers/update-customer.ts';
import { HoldExpired } from '../../domain/index.ts';
import { formatDateTime, formatPrice, formatTime, localDateOf } from './chat-formatting.ts';
import { choice, message, raw, say, type ChatText } from './chat-message.ts';
import type { ConversationStep, HeldSlot, Step } from './conversation-state.ts';
import { chosen, goTo, type Move, type Scene, type StepHandler } from './step-kit.ts';

const NAME = /^[\p{L}][\p{L}\p{M} .'’-]{0,99}$/u;

/**
 * After a slot is held: ask only for what the business does not know yet, then the
 * summary. Pass the customer card when the step just changed it (saves reading it again).
 */
export async function nextCheckoutStep(scene: Scene, hold: HeldSlot, after: ConversationStep['name'] = 'time', known?: CustomerView): Promise<ConversationStep> {
  const customer = known ?? (await customerCard(scene.env.ctx, scene.business.id, scene.customerId));
  const order: ConversationStep['name'][] = ['time', 'name', 'phone', 'promo', 'summary'];
  const needs = (name: ConversationStep['name']) => order.indexOf(name) > order.indexOf(after);
  const held = { holdId: hold.holdId, staffChoice: hold.staffChoice };
  if (needs('name') && customer.name.trim() === '') return { name: 'name', ...held };
  if (needs('phone') && !customer.phone) return { name: 'phone', ...held };
  if (needs('promo') && scene.business.hasPromoCodes) return { name: 'promo', ...held };
  return { name: 'summary', ...held };
}

/** Back to choosing a day for the held service, with the specialist the customer chose. */
async function chooseAgain(scene: Scene, step: HeldSlot, notes: ChatText[] = []): Promise<Move> {
  const b = await bookingDetails(scene.env.ctx, scene.business.id, step.holdId, scene.customerId);
  return goTo({ name: 'day', serviceId: b.serviceId, staffId: step.staffChoice, firstDate: localDateOf(scene.now, scene.business.timeZone), bookingId: null }, notes);
}

/** The name for the booking. */
export const nameStep: StepHandler<Step<'name'>> = {
  typed: 'own-or-number',
  async render(scene) {
    const profileName = scene.env.profile.name?.trim();
    const choices = profileName && NAME.test(profileName) ? [[choice('name:profile', raw(profileName))]] : [];
    return message([say('chat.checkout.ask_name')], [...choices, [choice('menu', say('chat.nav.cancel'))]]);
  },
  async onEvent(scene, step, event) {
    const typed = chosen(event) === 'name:profile' ? scene.env.profile.name?.trim() : event.kind === 'text' ? event.text.trim() : undefined;
    if (!typed) return 'not_understood';
    if (!NAME.test(typed)) return goTo(step, [say('chat.checkout.bad_name')]);
    const customer = await updateCustomer(scene.env.ctx, scene.business.id, { customerId: scene.customerId, name: typed });
    return goTo(await nextCheckoutStep(scene, step, 'name', customer));
  },
};

/** The phone number: the channel's contact button (verified) or typed. */
export const phoneStep: StepHandler<Step<'phone'>> = {
  typed: 'own-or-number',
  async render() {
    return message([say('chat.checkout.ask_phone')], [[choice('menu', say('chat.nav.cancel'))]], { requestContact: true });
  },
  async onEvent(scene, step, event): Promise<Move | 'not_understood'> {
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
    return { next: await nextCheckoutStep(scene, step, 'phone', customer), customerId: customer.id };
  },
};

/** An optional promo code. */
export const promoStep: StepHandler<Step<'promo'>> = {
  typed: 'own',
  async render() {
    return message([say('chat.checkout.ask_promo')], [[choice('skip', say('chat.checkout.no_promo'))], [choice('menu', say('chat.nav.cancel'))]]);
  },
  async onEvent(scene, step, event) {
    if (chosen(event) === 'skip') return goTo({ ...step, name: 'summary' });
    if (event.kind !== 'text') return 'not_understood';
    const code = event.text.trim();
    if (code.length < 2 || code.length > 40) return 'not_understood';
    const booking = await applyPromoCode(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: step.holdId, code });
    return goTo({ ...step, name: 'summary' }, [say('chat.checkout.promo_applied', { discount: formatPrice(booking.discountMinor, booking.currency, scene.language) })]);
  },
};

/** The summary with price and deposit; confirming turns the hold into a booking. */
export const summaryStep: StepHandler<Step<'summary'>> = {
  async render(scene, step) {
    const b = await bookingDetails(scene.env.ctx, scene.business.id, step.holdId, scene.customerId);
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
    if (b.holdExpiresAt !== null) {
      const sameDay = localDateOf(b.holdExpiresAt, zone) === localDateOf(scene.now, zone);
      lines.push(say('chat.checkout.held_until', { time: sameDay ? formatTime(b.holdExpiresAt, zone, lang) : formatDateTime(b.holdExpiresAt, zone, lang) }));
    }
    return message(lines, [[choice('ok', say('chat.checkout.confirm')), choice('no', say('chat.nav.cancel'))], [choice('days', say('chat.book.other_time'))]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'no') return goTo({ name: 'menu' }, [say('chat.checkout.dropped')]);
    if (id === 'days') return chooseAgain(scene, step);
    if (id !== 'ok') return 'not_understood';
    try {
      const booked = await confirmBooking(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: step.holdId });
      const when = formatDateTime(booked.startsAt, scene.business.timeZone, scene.language);
      const settled = (note: ChatText): Move => ({ ...goTo({ name: 'menu' }, [note]), holdSettled: true });
      if (booked.status === 'confirmed') return settled(say('chat.booked.confirmed', { when }));
      if (booked.awaiting === 'approval') return settled(say('chat.booked.awaiting_approval', { when }));
      const deposit = formatPrice(booked.depositMinor, booked.currency, scene.language);
      // With a way to take money: its link and QR at once. Without: the team will say how.
      if (scene.env.ctx.payments) return { ...goTo({ name: 'pay', bookingId: booked.id }, [say('chat.booked.deposit_due', { when, deposit })]), holdSettled: true };
      return settled(say('chat.booked.awaiting_payment', { when, deposit }));
    } catch (error) {
      if (error instanceof HoldExpired) return chooseAgain(scene, step, [say(error.i18nKey)]);
      throw error;
    }
  },
};
