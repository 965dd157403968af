import { z } from 'zod';
import { customerBooking } from './customer-booking.ts';
import { errorLine } from './error-line.ts';
import { confirmationCard } from './booking-confirmation.ts';
import { seriesChoicesOnPage, startRepeat } from './series-steps.ts';
import { takeSlot } from './booking-steps.ts';
import { catalogNames } from '../../app/catalog/catalog-names.ts';
import { cancelBooking } from '../../app/booking/cancel-booking.ts';
import { customerBookings } from '../../app/customers/customer-bookings.ts';
import { recordReview } from '../../app/reviews/record-review.ts';
import { confirmAttendance } from '../../app/booking/confirm-attendance.ts';
import { acceptWaitlistOffer } from '../../app/waitlist/accept-waitlist-offer.ts';
import { canApply, ChangeCutoffPassed, customerCutoffPassed, SlotTaken } from '../../domain/index.ts';
import { SlotUnavailable } from '../../app/shared/app-errors.ts';
import { rescheduleBooking } from '../../app/booking/reschedule-booking.ts';
import { formatDateTime, localDateOf } from './chat-formatting.ts';
import { choice, message, raw, rows, say, type ChatText } from './chat-message.ts';
import type { Step } from './conversation-state.ts';
import { chosen, goTo, uuidAfter, type Scene, type StepHandler, type StepOutcome } from './step-kit.ts';
import { stopOffersMove } from './offers-opt-out.ts';
import { clipText } from './clip-text.ts';

function statusNote(b: { status: string; awaiting?: string | null }): ChatText | null {
  if (b.status === 'pending' && b.awaiting === 'approval') return say('chat.my.status_awaiting_approval');
  if (b.status === 'pending' && b.awaiting === 'payment') return say('chat.my.status_awaiting_payment');
  return null;
}

/** The customer's upcoming bookings. */
export const bookingsStep: StepHandler<Step<'bookings'>> = {
  async render(scene) {
    const upcoming = (await customerBookings(scene.env.ctx, scene.business.id, scene.customerId, { upcomingOnly: true, limit: 10 })).filter((b) => b.status !== 'held');
    if (upcoming.length === 0) return message([say('chat.my.none')], [[choice('book', say('chat.menu.book'))], [choice('menu', say('chat.nav.menu'))]]);
    const names = await catalogNames(scene.env.ctx, scene.business.id, { serviceIds: [...new Set(upcoming.map((b) => b.serviceId))], staffIds: [] }, { language: scene.language, defaultLanguage: scene.business.defaultLocale });
    const choices = upcoming.map((b) => choice(`bk:${b.id}`, raw(`${formatDateTime(b.startsAt, scene.business.timeZone, scene.language)} · ${names.get(b.serviceId) ?? ''}`)));
    return message([say('chat.my.list', { count: upcoming.length })], [...rows(choices, 1), [choice('menu', say('chat.nav.menu'))]]);
  },
  async onEvent(_scene, _step, event) {
    const id = chosen(event);
    if (id === 'book') return goTo({ name: 'service' });
    const bookingId = uuidAfter(id, 'bk');
    return bookingId ? goTo({ name: 'booking', bookingId }) : 'not_understood';
  },
};

/** One booking: reschedule or cancel, with the policy explained. */
export const bookingStep: StepHandler<Step<'booking'>> = {
  async render(scene, step) {
    const b = await customerBooking(scene, step.bookingId);
    const lines: ChatText[] = [
      say('chat.my.booking', { service: b.serviceName, staff: b.staffName, when: formatDateTime(b.startsAt, scene.business.timeZone, scene.language) }),
    ];
    const note = statusNote(b);
    if (note) lines.push(note);
    if (b.status === 'held' || !canApply(b.status, 'cancel')) return message([...lines, say('chat.my.not_active')], [[choice('bookings', say('chat.nav.back'))]]);
    lines.push(say('chat.my.policy', { cancelHours: hours(scene.business.cancelCutoffMinutes), rescheduleHours: hours(scene.business.rescheduleCutoffMinutes) }));
    const series = await seriesChoicesOnPage(scene, step.bookingId);
    return message([...lines, ...series.lines], [[choice('move', say('chat.my.reschedule')), series.cancel], ...series.rows, [choice('bookings', say('chat.nav.back'))]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'bookings') return goTo({ name: 'bookings' });
    if (id === 'cancel') return startChange(scene, step.bookingId, 'cancel');
    if (id === 'move') return startChange(scene, step.bookingId, 'reschedule');
    // Each visit's cutoff is checked on its own there: one too close does not keep the later ones.
    if (id === 'cancel_rest') return goTo({ name: 'series_cancel', bookingId: step.bookingId });
    if (id === 'repeat') return startRepeat(scene, step.bookingId);
    return 'not_understood';
  },
};

function hours(minutes: number): string {
  return Number.isInteger(minutes / 60) ? String(minutes / 60) : (minutes / 60).toFixed(1);
}

/**
 * Starts moving or cancelling a booking, unless the domain's rules already say no —
 * not an active booking, or past the customer's cutoff — which the customer hears up
 * front rather than after picking a new time or saying yes.
 */
async function startChange(scene: Scene, bookingId: string, change: 'cancel' | 'reschedule'): Promise<StepOutcome> {
  const b = await customerBooking(scene, bookingId);
  if (b.status === 'held' || !canApply(b.status, change)) return goTo({ name: 'booking', bookingId }, [say('chat.my.not_active')]);
  const late = customerCutoffPassed(b, change, scene.now, { cancelCutoffMin: scene.business.cancelCutoffMinutes, rescheduleCutoffMin: scene.business.rescheduleCutoffMinutes });
  if (late) return goTo({ name: 'booking', bookingId }, [errorLine(late, scene.language)]);
  if (change === 'cancel') return goTo({ name: 'cancel_confirm', bookingId });
  // Where the business allows it, every specialist's free times are offered, not only their own's.
  const staffId = scene.business.rescheduleAnySpecialist ? null : b.staffId;
  return goTo({ name: 'day', serviceId: b.serviceId, staffId, firstDate: localDateOf(scene.now, scene.business.timeZone), bookingId });
}

/** "Move this booking to …?" — a typed time never moves a booking without a yes. */
export const moveConfirmStep: StepHandler<Step<'move_confirm'>> = {
  async render(scene, step) {
    const b = await customerBooking(scene, step.bookingId);
    const zone = scene.business.timeZone;
    return message(
      [say('chat.my.move_question', { service: b.serviceName, from: formatDateTime(b.startsAt, zone, scene.language), to: formatDateTime(step.startsAt, zone, scene.language) })],
      [[choice('yes', say('chat.my.move_yes')), choice('no', say('chat.my.cancel_no'))]],
    );
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'no') return goTo({ name: 'booking', bookingId: step.bookingId });
    if (id !== 'yes') return 'not_understood';
    try {
      const moved = await moveBooking(scene, step);
      // The new time gets a confirmation of its own to keep: the one from booking is out of date.
      const when = formatDateTime(moved.startsAt, scene.business.timeZone, scene.language);
      return { next: { name: 'menu' }, kept: [await confirmationCard(scene, moved.id, say('chat.my.moved', { when }))] };
    } catch (error) {
      if (error instanceof SlotTaken || error instanceof SlotUnavailable) {
        const b = await customerBooking(scene, step.bookingId);
        const options = error.alternatives.slice(0, 6).map((a) => a.startsAt);
        return goTo({ name: 'alternatives', serviceId: b.serviceId, staffId: b.staffId, options, bookingId: step.bookingId }, [errorLine(error, scene.language)]);
      }
      if (error instanceof ChangeCutoffPassed) return goTo({ name: 'booking', bookingId: step.bookingId }, [errorLine(error, scene.language)]);
      throw error;
    }
  },
};

/**
 * Moves the booking to the chosen time: with the specialist a shortcut named, else with
 * its own specialist — and, where the business lets customers change specialist and their
 * own is busy then, with whoever is free.
 */
async function moveBooking(scene: Scene, step: Step<'move_confirm'>) {
  const actor = { kind: 'customer', customerId: scene.customerId } as const;
  const move = (staffId: string | null | undefined) => rescheduleBooking(scene.env.ctx, scene.business.id, actor, { bookingId: step.bookingId, startsAt: step.startsAt, ...(staffId === undefined ? {} : { staffId }) });
  if (step.staffId) return move(step.staffId);
  try {
    return await move(undefined);
  } catch (error) {
    if (!scene.business.rescheduleAnySpecialist || !(error instanceof SlotTaken || error instanceof SlotUnavailable)) throw error;
    return move(null);
  }
}

/** "Cancel this booking?" */
export const cancelConfirmStep: StepHandler<Step<'cancel_confirm'>> = {
  async render(scene, step) {
    const b = await customerBooking(scene, step.bookingId);
    return message(
      [say('chat.my.cancel_question', { service: b.serviceName, when: formatDateTime(b.startsAt, scene.business.timeZone, scene.language) })],
      [[choice('yes', say('chat.my.cancel_yes')), choice('no', say('chat.my.cancel_no'))]],
    );
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'no') return goTo({ name: 'booking', bookingId: step.bookingId });
    if (id !== 'yes') return 'not_understood';
    try {
      await cancelBooking(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: step.bookingId, reason: 'customer_request' });
      return goTo({ name: 'menu' }, [say('chat.my.cancelled')]);
    } catch (error) {
      if (error instanceof ChangeCutoffPassed) return goTo({ name: 'booking', bookingId: step.bookingId }, [errorLine(error, scene.language)]);
      throw error;
    }
  },
};

/** After a rating: an optional comment. */
export const reviewCommentStep: StepHandler<Step<'review_comment'>> = {
  typed: 'own',
  async render() {
    return message([say('chat.review.ask_comment')], [[choice('skip', say('chat.review.no_comment'))]]);
  },
  async onEvent(scene, step, event) {
    const review = { customerId: scene.customerId, bookingId: step.bookingId, rating: step.rating };
    if (chosen(event) === 'skip') {
      // No comment: the team's post of the stars need not wait any longer.
      await recordReview(scene.env.ctx, scene.business.id, review);
      return goTo({ name: 'menu' }, [say('chat.review.thanks')]);
    }
    if (event.kind !== 'text' || event.text.trim() === '') return 'not_understood';
    await recordReview(scene.env.ctx, scene.business.id, { ...review, comment: clipText(event.text, 1000) });
    return goTo({ name: 'menu' }, [say('chat.review.thanks')]);
  },
};

/**
 * Buttons on notifications (reminders, follow-ups, waitlist offers): valid whatever
 * step the chat is in, because they name the booking they act on.
 */
export async function notificationAction(scene: Scene, id: string): Promise<StepOutcome> {
  const [kind, rawTarget, extra] = id.split(':');
  const parsed = z.uuid().safeParse(rawTarget);
  if (!parsed.success) return 'not_understood';
  const target = parsed.data;
  switch (kind) {
    case 'rm-ok':
      // Recorded, and the team told once: a second press just says "see you" again.
      await confirmAttendance(scene.env.ctx, scene.business.id, scene.customerId, { bookingId: target });
      return goTo({ name: 'menu' }, [say('chat.reminder.see_you')]);
    case 'mk-off':
      // A broadcast's Unsubscribe button: that broadcast counts the opt-out.
      return stopOffersMove(scene, target);
    case 'rm-talk':
      // Inside the cutoff: the customer writes to a person instead of changing it themselves.
      return goTo({ name: 'talk' });
    case 'rm-cancel':
      return startChange(scene, target, 'cancel');
    case 'rm-move':
      return startChange(scene, target, 'reschedule');
    case 'rp':
      return startRepeat(scene, target);
    case 'rate': {
      const rating = Number(extra);
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) return 'not_understood';
      await recordReview(scene.env.ctx, scene.business.id, { customerId: scene.customerId, bookingId: target, rating, commentMayFollow: true });
      return goTo({ name: 'review_comment', bookingId: target, rating });
    }
    case 'pe-again': {
      // The deposit did not come in time: the same time again, if it is still free.
      const b = await customerBooking(scene, target);
      if (b.status !== 'cancelled') return goTo({ name: 'booking', bookingId: target });
      return takeSlot(scene, { serviceId: b.serviceId, staffId: b.staffId, bookingId: null }, b.startsAt);
    }
    case 'wl-take': {
      const booked = await acceptWaitlistOffer(scene.env.ctx, scene.business.id, scene.customerId, target);
      const when = formatDateTime(booked.startsAt, scene.business.timeZone, scene.language);
      return { next: { name: 'menu' }, kept: [await confirmationCard(scene, booked.id, say(booked.status === 'confirmed' ? 'chat.booked.confirmed' : 'chat.booked.requested', { when }))] };
    }
    default:
      return 'not_understood';
  }
}
