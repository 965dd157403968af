import { setBookingDetails } from '../../app/booking/set-booking-details.ts';
import { customerBooking } from './customer-booking.ts';
import { customerCard } from '../../app/customers/customer-card.ts';
import { choice, message, raw, say } from './chat-message.ts';
import type { HeldSlot, Step } from './conversation-state.ts';
import { chosen, goTo, type Move, type StepHandler } from './step-kit.ts';
import { readTypedAnswer } from './typed-answers.ts';

// Changes made at the summary, before confirming: the name or phone on the booking, who
// comes when it is someone else, and a note for the specialist. Each comes back to the
// summary, the hold kept all along.

const PERSON = /^[\p{L}][\p{L}\p{M} .'’-]{0,99}$/u;

/** Back to the summary with a line saying what changed. */
function backToSummary(step: HeldSlot, note?: string): Move {
  return goTo({ name: 'summary', holdId: step.holdId, staffChoice: step.staffChoice }, note ? [say(note)] : []);
}

const backChoice = () => choice('back', say('chat.nav.back'));

/** "What would you like to change?" — the name, the phone, or who comes. */
export const detailsStep: StepHandler<Step<'details'>> = {
  async render(scene, step) {
    const [customer, b] = await Promise.all([customerCard(scene.env.ctx, scene.business.id, scene.customerId), customerBooking(scene, step.holdId)]);
    return message(
      [say('chat.summary_edit.what')],
      [
        [choice('name', say('chat.summary_edit.name', { name: customer.name || '—' }))],
        [choice('phone', say('chat.summary_edit.phone', { phone: customer.phone ?? '—' }))],
        [choice('guest', say(b.guestName ? 'chat.summary_edit.guest_named' : 'chat.summary_edit.guest', { guest: b.guestName ?? '' }))],
        [backChoice()],
      ],
    );
  },
  async onEvent(_scene, step, event) {
    const held = { holdId: step.holdId, staffChoice: step.staffChoice };
    switch (chosen(event)) {
      case 'name':
        return goTo({ name: 'name', ...held, editing: true });
      case 'phone':
        return goTo({ name: 'phone', ...held, editing: true });
      case 'guest':
        return goTo({ name: 'guest', ...held });
      case 'back':
        return backToSummary(step);
      default:
        return 'not_understood';
    }
  },
};

/** A note for the specialist, typed; "Remove the note" when there is one. */
export const noteStep: StepHandler<Step<'note'>> = {
  typed: 'own',
  reprompt: 'chat.summary_edit.reprompt_note',
  async render(scene, step) {
    const b = await customerBooking(scene, step.holdId);
    const lines = [say('chat.summary_edit.ask_note')];
    if (b.notes) lines.push(say('chat.summary_edit.current_note'), raw(b.notes));
    return message(lines, [...(b.notes ? [[choice('clear', say('chat.summary_edit.clear_note'))]] : []), [backChoice()]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'back' || (event.kind === 'text' && readTypedAnswer(event.text) === 'cancel')) return backToSummary(step);
    const note = id === 'clear' ? '' : event.kind === 'text' ? event.text.trim() : null;
    if (note === null || (note === '' && id !== 'clear')) return 'not_understood';
    if (note.length > 500) return goTo(step, [say('chat.summary_edit.note_too_long')]);
    await setBookingDetails(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: step.holdId, note });
    return backToSummary(step, note === '' ? 'chat.summary_edit.note_removed' : 'chat.summary_edit.note_saved');
  },
};

/** Who comes, when the customer books for someone else; "It's me" takes it back. */
export const guestStep: StepHandler<Step<'guest'>> = {
  typed: 'own-or-number',
  reprompt: 'chat.summary_edit.reprompt_guest',
  async render(scene, step) {
    const b = await customerBooking(scene, step.holdId);
    return message([say('chat.summary_edit.ask_guest')], [...(b.guestName ? [[choice('me', say('chat.summary_edit.its_me'))]] : []), [backChoice()]]);
  },
  async onEvent(scene, step, event) {
    const id = chosen(event);
    if (id === 'back' || (event.kind === 'text' && readTypedAnswer(event.text) === 'cancel')) return backToSummary(step);
    const guestName = id === 'me' ? '' : event.kind === 'text' ? event.text.trim() : null;
    if (guestName === null) return 'not_understood';
    if (guestName !== '' && !PERSON.test(guestName)) return goTo(step, [say('chat.checkout.bad_name')]);
    await setBookingDetails(scene.env.ctx, scene.business.id, { kind: 'customer', customerId: scene.customerId }, { bookingId: step.holdId, guestName });
    return backToSummary(step, guestName === '' ? 'chat.summary_edit.guest_removed' : 'chat.summary_edit.guest_saved');
  },
};

/** The summary's choices to change things before confirming. */
export function summaryEditChoices() {
  return [[choice('details', say('chat.summary_edit.change_details'))], [choice('note', say('chat.summary_edit.add_note'))]];
}

/** Where a summary's "change" choice leads, or null for other choices. */
export function summaryEditMove(id: string | null, step: HeldSlot): Move | null {
  const held = { holdId: step.holdId, staffChoice: step.staffChoice };
  if (id === 'details') return goTo({ name: 'details', ...held });
  if (id === 'note') return goTo({ name: 'note', ...held });
  return null;
}

/** After a name or phone changed from the summary: back there instead of on through checkout. */
export function afterEdit(step: HeldSlot & { editing: boolean }): Move | null {
  return step.editing ? backToSummary(step, 'chat.summary_edit.saved') : null;
}
