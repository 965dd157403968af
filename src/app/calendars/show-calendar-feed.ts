import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CalendarFeedSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { ScheduleAccess } from '../catalog/schedule-access.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CalendarFeedScope, feedOfScope, feedView, setFeedToken, type CalendarFeedView } from './calendar-feed-scope.ts';
import type { CalendarSettings } from './calendar-feed-token.ts';

/**
 * The private feed URL of a staff member's bookings (or the business's), made the first
 * time it is asked for. A staff member of another business, or someone else's for a
 * staff-role user, is not found.
 */
export async function showCalendarFeed(ctx: UseCaseContext, settings: CalendarSettings, businessId: string, raw: z.input<typeof CalendarFeedScope>, access: ScheduleAccess = {}): Promise<CalendarFeedView> {
  const scope = CalendarFeedScope.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const found = await feedOfScope(em, scope, access);
    if (found.row) return feedView(settings, found.row, found.staff);
    const row = em.create(CalendarFeedSchema, {
      id: randomUUID(),
      business: id,
      staffMember: found.staff?.id ?? null,
      scopeKey: found.staff?.id ?? 'business',
      tokenHash: '',
      tokenCiphertext: '',
      createdAt: new Date(ctx.now()),
      rotatedAt: new Date(ctx.now()),
    });
    setFeedToken(settings, row, ctx.now());
    await em.flush();
    return feedView(settings, row, found.staff);
  });
}
