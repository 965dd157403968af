import { z } from 'zod';
import { CalendarConnectionSchema, CALENDAR_PROVIDERS } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { staffForSchedule, type ScheduleAccess } from '../catalog/schedule-access.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { openTokens, type CalendarSyncSettings } from './calendar-sync-settings.ts';

const Input = z.object({ staffId: z.string().max(64), provider: z.enum(CALENDAR_PROVIDERS) });

/**
 * Disconnects a staff member's calendar: the tokens are revoked at the provider where it
 * can (Google; Microsoft Graph cannot revoke one app's grant: there the tokens are only
 * deleted here) — a provider that cannot be reached does not keep the connection: it is
 * removed all the same — and the connection goes with its busy times and event links.
 * Events already written stay on the calendar. Disconnecting what is not connected does
 * nothing. Answers whether the provider revoked the grant. Audited.
 */
export async function disconnectCalendar(ctx: UseCaseContext, settings: CalendarSyncSettings, businessId: string, actor: Actor, raw: z.input<typeof Input>, access: ScheduleAccess = {}): Promise<{ revoked: boolean }> {
  const input = Input.parse(raw);
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id).fork();
  const staff = await staffForSchedule(em, input.staffId, access);
  const row = await em.findOne(CalendarConnectionSchema, { staffMember: staff.id, provider: input.provider });
  if (!row) return { revoked: false };
  const provider = settings.providers[input.provider];
  let revoked = false;
  try {
    if (provider) revoked = await provider.revoke(openTokens(settings, row));
  } catch {
    // Revocation is best effort: the tokens are deleted here whatever the provider says.
  }
  await emForBusiness(ctx.orm, id).transactional(async (tx) => {
    await tx.nativeDelete(CalendarConnectionSchema, { id: row.id });
    recordAudit(tx, ctx.now(), { businessId: id, actor, action: 'calendar.disconnected', entityType: 'calendar_connection', entityId: row.id, details: { provider: input.provider, revoked } });
    await tx.flush();
  });
  return { revoked };
}
