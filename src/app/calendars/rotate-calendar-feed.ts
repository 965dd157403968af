import type { z } from 'zod';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { ScheduleAccess } from '../catalog/schedule-access.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { CalendarFeedScope, feedOfScope, feedView, setFeedToken, type CalendarFeedView } from './calendar-feed-scope.ts';
import type { CalendarSettings } from './calendar-feed-token.ts';

/**
 * Gives a feed a new secret URL: the old one answers 404 from now on (a URL shared by
 * mistake stops working). Audited. A feed never shown yet is not found.
 */
export async function rotateCalendarFeed(ctx: UseCaseContext, settings: CalendarSettings, businessId: string, actor: Actor, raw: z.input<typeof CalendarFeedScope>, access: ScheduleAccess = {}): Promise<CalendarFeedView> {
  const scope = CalendarFeedScope.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const { row, staff } = await feedOfScope(em, scope, access);
    if (!row) throw new NotFound('calendar feed');
    setFeedToken(settings, row, ctx.now());
    recordAudit(em, ctx.now(), { businessId: id, actor, action: 'calendar_feed.rotated', entityType: 'calendar_feed', entityId: row.id });
    await em.flush();
    return feedView(settings, row, staff);
  });
}
