import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { bookingManagePath } from '../../app/booking-page/booking-manage-link.ts';
import type { BookingDetails } from '../../app/booking/booking-details.ts';
import { confirmBooking } from '../../app/booking/confirm-booking.ts';
import { setBookingDetails } from '../../app/booking/set-booking-details.ts';
import type { BookingPageDeps } from './booking-page-deps.ts';
import { seeOther, type PageFrame } from './booking-page-frame.ts';
import { manageLinks } from './booking-page-request.ts';

/** The last step's form; `website` is the honeypot (hidden from people, filled by bots). */
export const DetailsForm = z.object({
  name: z.string().trim().min(1, 'name').max(100, 'name'),
  phone: z.string().trim().min(5, 'phone').max(32, 'phone'),
  email: z.union([z.literal(''), z.email('email').max(254, 'email')]).default(''),
  note: z.string().trim().max(500, 'note').default(''),
  website: z.string().max(200).default(''),
});

/** The posted form's text fields (repeated ones: the first), to show again. */
export const FormFields = z.record(z.string(), z.union([z.string(), z.array(z.string()).transform((all) => all[0] ?? '')]));

/** Confirms the visitor's hold (with their note), then their booking's manage page. */
export async function bookHold(deps: BookingPageDeps, reply: FastifyReply, frame: PageFrame, hold: BookingDetails, note: string): Promise<FastifyReply> {
  const actor = { kind: 'customer' as const, customerId: hold.customerId };
  if (note !== hold.notes) await setBookingDetails(deps.ctx, frame.business.id, actor, { bookingId: hold.id, note });
  await confirmBooking(deps.ctx, frame.business.id, actor, { bookingId: hold.id });
  return seeOther(reply, frame.link(bookingManagePath(manageLinks(deps), frame.business.slug, hold.id), { new: '1' }));
}
