import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A business's booking rules, as the policies page shows and sets them. Durations are minutes unless named otherwise. */
export interface BusinessPolicies {
  /** Earliest a customer may book, counted from now. */
  minNoticeMinutes: number;
  /** How far ahead customers may book, in days. */
  bookingHorizonDays: number;
  /** Distance between offered start times. */
  slotStepMinutes: number;
  /** How long a chosen slot is held while the customer finishes. */
  holdMinutes: number;
  /** How long a booking waits for its deposit before its slot is given back. */
  paymentMinutes: number;
  /** How long a waitlist offer stays open. */
  waitlistOfferMinutes: number;
  /** Customers cannot cancel later than this before the start. */
  cancelCutoffMinutes: number;
  /** Customers cannot reschedule later than this before the start. */
  rescheduleCutoffMinutes: number;
  /** Every booking waits for the team's approval, whatever its service says. */
  approvalRequired: boolean;
  /** A customer moving a booking may pick another specialist's free time. */
  rescheduleAnySpecialist: boolean;
  /** Unmarked bookings become no-shows this long after their end; null: never. */
  autoNoShowAfterMinutes: number | null;
  /** Reminders this long before the start, earliest first. */
  reminderOffsetsMinutes: number[];
  /** The "how was it?" message this long after the end; null: none. */
  followUpAfterMinutes: number | null;
  /** The team's digest at this minute of the local day; null: at opening. */
  digestAtMinute: number | null;
}

/** A business's booking rules (its id not found: `NotFound`). */
export async function businessPolicies(ctx: UseCaseContext, businessId: string): Promise<BusinessPolicies> {
  const id = Id.parse(businessId);
  const b = await emForBusiness(ctx.orm, id).findOne(BusinessSchema, { id });
  if (!b) throw new NotFound('business');
  return {
    minNoticeMinutes: b.minNoticeMinutes,
    bookingHorizonDays: b.bookingHorizonDays,
    slotStepMinutes: b.slotStepMinutes,
    holdMinutes: b.holdMinutes,
    paymentMinutes: b.paymentMinutes,
    waitlistOfferMinutes: b.waitlistOfferMinutes,
    cancelCutoffMinutes: b.cancelCutoffMinutes,
    rescheduleCutoffMinutes: b.rescheduleCutoffMinutes,
    approvalRequired: b.approvalRequired,
    rescheduleAnySpecialist: b.rescheduleAnySpecialist,
    autoNoShowAfterMinutes: b.autoNoShowAfterMinutes ?? null,
    reminderOffsetsMinutes: [...b.reminderOffsetsMinutes],
    followUpAfterMinutes: b.followUpAfterMinutes ?? null,
    digestAtMinute: b.digestAtMinute ?? null,
  };
}
