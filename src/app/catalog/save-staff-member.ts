import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BusinessSchema, MembershipSchema, ServiceSchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { TimeZone } from './business-settings.ts';
import { InvalidField } from './invalid-field.ts';
import { refusingUnknownLanguages, translatedNameFields, translationsFrom } from './name-translations.ts';

// Form posts are strings; the onboarding wizard may pass numbers and booleans.
const blank = (v: unknown) => typeof v === 'string' && v.trim() === '';
const numeric = (v: unknown) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v);
const list = (v: unknown) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).filter((x) => x !== ''));

/**
 * A staff member's profile, as the panel's form posts it or the onboarding wizard passes it:
 * - `name` (required), `bio` (≤ 500 characters);
 * - `name_ru`, `name_kk`, …: the name in each language but the business's default
 *   (≤ 200 characters, blank: none; a language BookChat does not speak is refused);
 * - `timeZone`: an IANA `Area/Place` zone, blank for the business's;
 * - `dailyBookingCap`: at most this many bookings a day, blank for no cap;
 * - `active` (a checkbox: `''`/`['', 'on']`, or a boolean; default on);
 * - `position` in lists (blank: last for a new one, unchanged otherwise);
 * - `serviceIds`: the services they do, a string or a list (blank entries ignored);
 *   missing leaves them unchanged (a new one does none);
 * - `userId`: the panel account of this person (a member of the business), `''` for
 *   none; missing leaves it unchanged.
 */
export const StaffMemberInput = refusingUnknownLanguages(
  z.object({
    name: textField(200, { required: 'staff_name_required', tooLong: 'staff_name_too_long' }),
    ...translatedNameFields('staff_name_too_long'),
    bio: textField(500, { tooLong: 'staff_bio_too_long', lines: 'many' }).default(''),
    timeZone: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() || null : v),
      z
        .string()
        .max(64, 'staff_time_zone_invalid')
        // The business's own rule (an `Area/Place` zone luxon knows), with this form's message.
        .refine((zone) => TimeZone.safeParse(zone).success, 'staff_time_zone_invalid')
        .nullish(),
    ),
    dailyBookingCap: z.preprocess((v) => (blank(v) ? null : numeric(v)), z.number({ error: 'staff_daily_cap_range' }).int('staff_daily_cap_range').min(1, 'staff_daily_cap_range').max(1000, 'staff_daily_cap_range').nullish()),
    active: z.preprocess((v) => {
      if (v === undefined || typeof v === 'boolean') return v ?? true;
      return (Array.isArray(v) ? v : [v]).some((x) => x === 'on' || x === 'true' || x === '1' || x === true);
    }, z.boolean()),
    position: z.preprocess((v) => (blank(v) ? undefined : numeric(v)), z.number({ error: 'staff_position_range' }).int('staff_position_range').min(0, 'staff_position_range').max(10_000, 'staff_position_range').optional()),
    serviceIds: z.preprocess(list, z.array(z.uuid({ error: 'staff_services_invalid' }), { error: 'staff_services_invalid' }).max(500).optional()),
    userId: z.preprocess((v) => (blank(v) ? null : v), z.uuid({ error: 'staff_account_invalid' }).nullish()),
  }),
  ['name'],
);

/** The parsed {@link StaffMemberInput}. */
export type StaffMemberData = z.infer<typeof StaffMemberInput>;

/**
 * Creates a staff member (no `staffId`) or updates one of this business's, with the
 * services they do, and audits it (`staff.created` / `staff.updated`). The services
 * and the panel account must be this business's: otherwise {@link InvalidField}
 * (`serviceIds` / `userId`), as is an account already linked to another staff member.
 * Another business's staff id is not found.
 */
export async function saveStaffMember(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown, staffId?: string): Promise<{ id: string }> {
  const input = StaffMemberInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    let member = null;
    if (staffId !== undefined) {
      member = Id.safeParse(staffId).success ? await em.findOne(StaffMemberSchema, { id: staffId }, { populate: ['services'] }) : null;
      if (!member) throw new NotFound('staff member');
    }
    if (input.serviceIds && input.serviceIds.length > 0) {
      const wanted = [...new Set(input.serviceIds)];
      if ((await em.count(ServiceSchema, { id: { $in: wanted } })) !== wanted.length) throw new InvalidField('serviceIds', 'staff_services_invalid');
    }
    if (input.userId) {
      if ((await em.count(MembershipSchema, { user: input.userId })) === 0) throw new InvalidField('userId', 'staff_account_invalid');
      const taken = await em.count(StaffMemberSchema, { user: input.userId, ...(member ? { id: { $ne: member.id } } : {}) });
      if (taken > 0) throw new InvalidField('userId', 'staff_account_taken');
    }
    const business = await em.findOneOrFail(BusinessSchema, { id });
    const fields = {
      name: input.name,
      translations: translationsFrom(input, business.defaultLocale, ['name']),
      bio: input.bio,
      timeZone: input.timeZone ?? null,
      dailyBookingCap: input.dailyBookingCap ?? null,
      active: input.active,
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.userId !== undefined ? { user: input.userId } : {}),
    };
    if (member) {
      em.assign(member, fields);
    } else {
      const last = await em.findOne(StaffMemberSchema, {}, { orderBy: { position: 'desc' } });
      member = em.create(StaffMemberSchema, { id: randomUUID(), business: id, position: last ? last.position + 1 : 0, ...fields });
    }
    if (input.serviceIds) member.services.set([...new Set(input.serviceIds)].map((s) => em.getReference(ServiceSchema, s)));
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: staffId === undefined ? 'staff.created' : 'staff.updated',
      entityType: 'staff_member',
      entityId: member.id,
      details: { ...fields, ...(input.serviceIds ? { serviceIds: [...new Set(input.serviceIds)] } : {}) },
    });
    await em.flush();
    return { id: member.id };
  });
}
