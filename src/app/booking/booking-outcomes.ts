import { DomainError } from '../../domain/index.ts';
import type { BookingOutcome } from '../shared/service-metrics.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** Counts how a booking-creating request ended (`/metrics`' bookings by outcome). */
export function countBookingOutcome(ctx: UseCaseContext, outcome: BookingOutcome): void {
  ctx.metrics?.bookingOutcome(outcome);
}

/** Counts a booking-creating request that threw: an expected refusal by its code, anything else as `failed`. */
export function countBookingError(ctx: UseCaseContext, error: unknown): void {
  ctx.metrics?.bookingOutcome(error instanceof DomainError ? error.code : 'failed');
}
