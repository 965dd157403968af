import { z } from 'zod';
import { parseLocalTime } from '../../domain/index.ts';
import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import type { BusinessPolicies } from './business-policies.ts';
import { checkboxField, integerField, optionalIntegerField } from './form-fields.ts';
import { reminderOffsetsField } from './reminder-offsets.ts';

/**
 * The allowed range of each numeric policy, in its own unit (minutes, or days for the
 * horizon). The same as the database's `business_policy_ranges` check where it has one;
 * notice and cutoffs, open-ended there, stop at 30 days.
 */
export const POLICY_LIMITS = {
  minNoticeMinutes: { min: 0, max: 43_200 },
  bookingHorizonDays: { min: 1, max: 730 },
  slotStepMinutes: { min: 5, max: 1440 },
  holdMinutes: { min: 1, max: 1440 },
  paymentMinutes: { min: 5, max: 10_080 },
  waitlistOfferMinutes: { min: 5, max: 1440 },
  cancelCutoffMinutes: { min: 0, max: 43_200 },
  rescheduleCutoffMinutes: { min: 0, max: 43_200 },
  autoNoShowAfterMinutes: { min: 0, max: 10_080 },
  followUpAfterMinutes: { min: 0, max: 43_200 },
} as const satisfies Record<string, { min: number; max: number }>;

const RANGE = 'policies_out_of_range';
const required = (field: keyof typeof POLICY_LIMITS) => integerField(POLICY_LIMITS[field].min, POLICY_LIMITS[field].max, RANGE);
// Blank in the form (or null from a caller): the policy is off.
const optional = (field: keyof typeof POLICY_LIMITS) =>
  z.preprocess((v) => (v === null ? undefined : v), optionalIntegerField(POLICY_LIMITS[field].min, POLICY_LIMITS[field].max, RANGE)).transform((v) => v ?? null);

/** A local time of day `HH:MM` (`9:30` too) as minutes since midnight; blank or null: none. */
function timeOfDayField() {
  return z
    .union([z.string().max(8), z.number(), z.null()], { error: 'policies_time_of_day' })
    .optional()
    .transform((value, ctx) => {
      if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
      const minute = typeof value === 'number' ? value : parseLocalTime(value.trim().padStart(5, '0'));
      if (minute !== null && Number.isInteger(minute) && minute >= 0 && minute < 1440) return minute;
      ctx.addIssue({ code: 'custom', message: 'policies_time_of_day' });
      return z.NEVER;
    });
}

/**
 * A business's booking rules as the policies form posts them (strings) or a caller
 * passes them (numbers, booleans, `null` for "off"). Every field is required except
 * the ones that can be off: automatic no-shows, the follow-up and the digest time
 * (blank: at opening).
 */
export const UpdatePoliciesInput = z
  .object({
    minNoticeMinutes: required('minNoticeMinutes'),
    bookingHorizonDays: required('bookingHorizonDays'),
    slotStepMinutes: required('slotStepMinutes'),
    holdMinutes: required('holdMinutes'),
    paymentMinutes: required('paymentMinutes'),
    waitlistOfferMinutes: required('waitlistOfferMinutes'),
    cancelCutoffMinutes: required('cancelCutoffMinutes'),
    rescheduleCutoffMinutes: required('rescheduleCutoffMinutes'),
    approvalRequired: checkboxField(false),
    rescheduleAnySpecialist: checkboxField(false),
    autoNoShowAfterMinutes: optional('autoNoShowAfterMinutes'),
    reminderOffsetsMinutes: reminderOffsetsField(),
    followUpAfterMinutes: optional('followUpAfterMinutes'),
    digestAtMinute: timeOfDayField(),
  })
  .superRefine((v, ctx) => {
    // A notice as long as the horizon leaves no time at all to book.
    if (v.minNoticeMinutes >= v.bookingHorizonDays * 24 * 60) ctx.addIssue({ code: 'custom', path: ['minNoticeMinutes'], message: 'policies_notice_beyond_horizon' });
  });

/** What {@link updatePolicies} changed: the names of the policies whose value is new. */
export interface PoliciesUpdate {
  changed: (keyof BusinessPolicies)[];
}

/**
 * Sets a business's booking rules. Writes `business.policies_updated` to the audit log
 * with each changed policy's old and new value; a form sent back unchanged changes
 * nothing and writes nothing.
 */
export async function updatePolicies(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown): Promise<PoliciesUpdate> {
  const input: BusinessPolicies = UpdatePoliciesInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const business = await em.findOne(BusinessSchema, { id });
    if (!business) throw new NotFound('business');
    const changed = (Object.keys(input) as (keyof BusinessPolicies)[]).filter((k) => JSON.stringify(business[k]) !== JSON.stringify(input[k]));
    if (changed.length === 0) return { changed };
    const details = Object.fromEntries(changed.map((k) => [k, { from: business[k], to: input[k] }]));
    em.assign(business, input);
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'business.policies_updated', entityType: 'business', entityId: id, details: { changed: details } });
    return { changed };
  });
}
