import { bookingDetails, type BookingDetails } from '../../app/booking/booking-details.ts';
import type { Scene } from './step-kit.ts';

/**
 * One of this customer's bookings with its names in the language they read (the
 * business's translations), for every step that shows a booking. Another customer's
 * booking is refused (`NotYourBooking`).
 */
export function customerBooking(scene: Scene, bookingId: string): Promise<BookingDetails> {
  return bookingDetails(scene.env.ctx, scene.business.id, bookingId, scene.customerId, scene.language);
}
