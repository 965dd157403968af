import { z } from 'zod';
import { CalendarConnectionSchema, ExternalBusySchema, CALENDAR_PROVIDERS } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { staffForSchedule, type ScheduleAccess } from '../catalog/schedule-access.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

const CalendarId = z.string().min(1).max(1024);
const Input = z.object({
  staffId: z.string().max(64),
  provider: z.enum(CALENDAR_PROVIDERS),
  target: z.union([CalendarId, z.literal('')]),
  busy: z.array(CalendarId).max(50),
});

/**
 * Which of the account's calendars block the staff member's time and which one bookings
 * are written to ('' — none: bookings are not pushed). Busy times of a calendar no
 * longer picked are dropped at once, with its sync token. Audited.
 */
export async function chooseCalendars(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof Input>, access: ScheduleAccess = {}): Promise<void> {
  const input = Input.parse(raw);
  const id = Id.parse(businessId);
  await emForBusiness(ctx.orm, id).transactional(async (em) => {
    const staff = await staffForSchedule(em, input.staffId, access);
    const row = await em.findOne(CalendarConnectionSchema, { staffMember: staff.id, provider: input.provider });
    if (!row) throw new NotFound('calendar connection');
    const busy = [...new Set(input.busy)];
    row.busyCalendarIds = busy;
    row.targetCalendarId = input.target === '' ? null : input.target;
    row.syncTokens = Object.fromEntries(Object.entries(row.syncTokens).filter(([calendar]) => busy.includes(calendar)));
    await em.nativeDelete(ExternalBusySchema, { connection: row.id, calendarId: { $nin: busy } });
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'calendar.calendars_chosen', entityType: 'calendar_connection', entityId: row.id, details: { busy, target: row.targetCalendarId } });
    await em.flush();
  });
}
