import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CalendarConnectionSchema, StaffMemberSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { verifyCalendarState } from './calendar-oauth-state.ts';
import { sealTokens, type CalendarSyncSettings } from './calendar-sync-settings.ts';

const Input = z.object({ state: z.string().min(1).max(2000), code: z.string().min(1).max(4000), redirectUri: z.url() });

/**
 * The OAuth callback: checks the signed `state` (right signature, not expired, the same
 * signed-in user), exchanges the code for tokens, and stores them sealed on the staff
 * member's connection (a reconnect replaces the tokens and clears a revoked state). At
 * first the account's primary calendar is both the busy source and the push target.
 * Any mismatch is {@link NotFound}. Audited.
 */
export async function completeCalendarConnection(ctx: UseCaseContext, settings: CalendarSyncSettings, userId: string, secret: string, raw: z.input<typeof Input>): Promise<{ businessId: string; staffId: string }> {
  const input = Input.parse(raw);
  const state = verifyCalendarState(secret, input.state, ctx.now());
  if (!state || state.userId !== userId) throw new NotFound('calendar connection');
  const provider = settings.providers[state.provider];
  if (!provider) throw new NotFound('calendar provider');
  const { tokens, accountEmail } = await provider.exchangeCode(input.code, input.redirectUri);
  const calendars = await provider.api(tokens, async () => {}).listCalendars();
  const primary = calendars.find((c) => c.primary) ?? calendars[0];
  return emForBusiness(ctx.orm, state.businessId).transactional(async (em) => {
    const staff = await em.findOne(StaffMemberSchema, { id: state.staffId });
    if (!staff) throw new NotFound('staff member');
    let row = await em.findOne(CalendarConnectionSchema, { staffMember: staff.id, provider: state.provider });
    row ??= em.create(CalendarConnectionSchema, {
      id: randomUUID(),
      business: state.businessId,
      staffMember: staff.id,
      provider: state.provider,
      tokensCiphertext: '',
      busyCalendarIds: primary ? [primary.id] : [],
      targetCalendarId: primary?.writable ? primary.id : null,
      syncTokens: {},
      createdAt: new Date(ctx.now()),
    });
    row.tokensCiphertext = sealTokens(settings, row.id, tokens);
    row.accountEmail = accountEmail;
    row.state = 'ok';
    row.lastError = null;
    row.warnedAt = null;
    recordAudit(em, ctx.now(), { businessId: state.businessId, actor: { kind: 'business', userId }, action: 'calendar.connected', entityType: 'calendar_connection', entityId: row.id, details: { provider: state.provider } });
    await em.flush();
    return { businessId: state.businessId, staffId: staff.id };
  });
}
