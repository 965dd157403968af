/** Public surface of the pure booking domain. Import from here, not from single files. */
export { DOMAIN_ERROR_CODES, DomainError, SlotTaken, type DomainErrorCode, type SlotTakenBy } from './domain-error.ts';
export { overlaps, mergeIntervals, subtractIntervals, type Interval } from './time-interval.ts';
export {
  createZoneClock,
  formatEpochDay,
  formatMinuteOfDay,
  parseLocalDate,
  parseLocalTime,
  isoWeekday,
  InvalidTimeZone,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  type LocalLabel,
  type ZoneClock,
} from './zone-clock.ts';
export {
  workingIntervalsOn,
  InvalidSchedule,
  type Weekday,
  type LocalTimeRange,
  type WeeklyHours,
  type LocalBreak,
  type StaffSchedule,
} from './working-hours.ts';
export { BOOKING_STATUSES, ACTIVE_STATUSES, isActiveBooking, isBookingStatus } from './booking-status.ts';
export type { BookingStatus, BookingActivity } from './booking-status.ts';
export { blockedFrom, blockedUntil, lapsedHoldInTheWay, type BookedTime, type ExternalBusy, type PlacedTime } from './busy-time.ts';
export { type Resource, type ResourceStatus } from './resource-availability.ts';
export { isGroupService, InvalidService, type BookableService } from './bookable-service.ts';
export { bookableStartBounds, InvalidPolicy, type SlotPolicy } from './slot-policy.ts';
export type { AvailabilityInput } from './availability-snapshot.ts';
export { findFreeSlots, type FreeSlot, type SlotRange } from './free-slots.ts';
export { pickStaff, type AssignmentCandidate } from './staff-assignment.ts';
export { checkSlot, type SlotCheck, type SlotRejection } from './slot-check.ts';
export { checkRecurring, recurringStarts, InvalidRecurrence, type RecurringRequest, type RecurringOccurrence } from './recurring-request.ts';
export { nearestFreeTimes, type NearbySearch } from './nearest-free-times.ts';
export { nextFreeSlots, daysWithFreeSlots, InvalidSlotSearch, type DayAvailability } from './slot-search.ts';
export {
  applyBookingEvent,
  canApply,
  customerCutoffPassed,
  newHold,
  BOOKING_TRANSITIONS,
  InvalidBookingTransition,
  HoldExpired,
  ChangeCutoffPassed,
  TooEarlyToMark,
  ARRIVAL_WINDOW_MINUTES,
  type Actor,
  type AwaitingReason,
  type BookingChange,
  type BookingEvent,
  type BookingLifecycleState,
  type ChangePolicy,
} from './booking-lifecycle.ts';
export { percentOfMinor, assertMinorUnits, InvalidAmount, MAX_AMOUNT_MINOR } from './minor-units.ts';
export { applyPromo, normalizePromoCode, InvalidPromoCode } from './promo-code.ts';
export type { Discount, PromoCode, PromoUse, PromoResult, PromoRejection } from './promo-code.ts';
export { depositFor, InvalidDepositRule, type DepositRule } from './deposit.ts';
export { quotePrice, type PriceQuote, type QuoteRequest } from './price-quote.ts';
export { pickFreeResource } from './resource-pick.ts';
