import { bookingCalendarUrl } from '../../app/calendars/booking-calendar-link.ts';
import { customerBooking } from './customer-booking.ts';
import { canApply } from '../../domain/index.ts';
import { formatDateTime, formatPrice } from './chat-formatting.ts';
import { choice, raw, say, type ChatLink, type ChatMessage, type ChatText } from './chat-message.ts';
import { repeatChoiceFor } from './series-steps.ts';
import { isRepeatable } from '../../app/booking/series-plan.ts';
import type { Scene } from './step-kit.ts';

/**
 * The message a customer keeps after booking (or moving a booking): the headline
 * ("You're booked for …"), then the service and specialist, the price or deposit, the
 * address and phone, and links to the map and an add-to-calendar file. It is `lasting`:
 * channels never edit it in place, and its Reschedule/Cancel buttons name the booking,
 * so they work whatever the chat does afterwards. Channels without buttons get it
 * without them (the numbered menu that follows is what a typed number answers).
 */
export async function confirmationCard(scene: Scene, bookingId: string, headline: ChatText): Promise<ChatMessage> {
  const b = await customerBooking(scene, bookingId);
  const contact = scene.business.about;
  const lang = scene.language;
  const lines: ChatText[] = [headline, say('chat.confirmation.service', { service: b.serviceName, staff: b.staffName })];
  if (b.guestName) lines.push(say('chat.summary_edit.summary_guest', { guest: b.guestName }));
  // Where the customer's zone is known and differs at that moment, the time there too.
  const theirs = scene.env.profile.timeZone;
  if (theirs && offsetAt(b.startsAt, theirs) !== offsetAt(b.startsAt, scene.business.timeZone)) {
    lines.push(say('chat.confirmation.your_time', { zone: offsetAt(b.startsAt, scene.business.timeZone), when: formatDateTime(b.startsAt, theirs, lang) }));
  }
  const price = b.priceMinor - b.discountMinor;
  if (price > 0) lines.push(say('chat.confirmation.price', { price: formatPrice(price, b.currency, lang) }));
  // A deposit still due is the headline's own subject; a settled one is a line of the card.
  if (b.depositMinor > 0 && !(b.status === 'pending' && b.awaiting === 'payment')) lines.push(say('chat.confirmation.deposit', { deposit: formatPrice(b.depositMinor, b.currency, lang) }));
  if (contact.address) lines.push(raw(`📍 ${contact.address}`));
  if (contact.phone) lines.push(raw(`📞 ${contact.phone}`));
  const links: ChatLink[] = [];
  if (contact.mapUrl) links.push({ label: say('chat.confirmation.map'), url: contact.mapUrl });
  const publicLinks = scene.env.ctx.links;
  if (publicLinks) links.push({ label: say('chat.confirmation.add_to_calendar'), url: bookingCalendarUrl(publicLinks, b.businessSlug, b.id) });
  const changeable = !scene.env.textMenus && b.status !== 'held' && canApply(b.status, 'reschedule');
  const choices = changeable ? [[choice(`rm-move:${b.id}`, say('chat.my.reschedule')), choice(`rm-cancel:${b.id}`, say('chat.my.cancel'))]] : [];
  if (changeable && isRepeatable(b)) choices.push([repeatChoiceFor(b.id)]);
  return { lines, choices, links, lasting: true };
}

/** A zone's offset at an instant, as "GMT+2" (the same words in every language). */
function offsetAt(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? zone;
}
