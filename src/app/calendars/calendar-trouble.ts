import { CalendarConnectionSchema, type CalendarConnection } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { queueNotification } from '../notifications/queue-notification.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import type { CalendarTokens } from './calendar-provider.ts';
import { sealTokens, type CalendarSyncSettings } from './calendar-sync-settings.ts';

/**
 * A connection's calendar did not answer (`unreachable`) or withdrew access (`revoked`):
 * the state and error are kept for the panel's warning, the busy times already known
 * stay, and the team chats are told once per spell of trouble (`warnedAt`).
 */
export async function markConnectionTrouble(ctx: UseCaseContext, connection: Pick<CalendarConnection, 'id'>, businessId: string, kind: 'unreachable' | 'revoked', error: string): Promise<void> {
  await emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const row = await em.findOne(CalendarConnectionSchema, { id: connection.id }, { populate: ['staffMember'] });
    if (!row) return;
    row.state = kind === 'revoked' ? 'revoked' : 'failing';
    row.lastError = error.slice(0, 500);
    if (!row.warnedAt) {
      row.warnedAt = new Date(ctx.now());
      recordAudit(em, ctx.now(), { businessId, actor: { kind: 'system' }, action: `calendar.${kind}`, entityType: 'calendar_connection', entityId: row.id, details: { error: row.lastError } });
      queueNotification(em, ctx.now(), {
        businessId,
        topic: 'calendars.connection_trouble',
        aggregateId: businessId,
        payload: { connectionId: row.id, staffName: row.staffMember.getEntity().name, provider: row.provider, kind },
      });
    }
    await em.flush();
  });
}

/** The calendar answered: the connection is healthy again (a later spell of trouble is told again). */
export async function markConnectionHealthy(ctx: UseCaseContext, connectionId: string, businessId: string, syncTokens?: Record<string, string>): Promise<void> {
  await emForBusiness(ctx.orm, businessId).nativeUpdate(
    CalendarConnectionSchema,
    { id: connectionId, state: { $ne: 'revoked' } },
    { state: 'ok', lastError: null, warnedAt: null, lastSyncedAt: new Date(ctx.now()), ...(syncTokens ? { syncTokens } : {}) },
  );
}

/** Saves tokens the provider refreshed, sealed, so the next run does not refresh again. */
export async function saveRefreshedTokens(ctx: UseCaseContext, settings: CalendarSyncSettings, connectionId: string, businessId: string, tokens: CalendarTokens): Promise<void> {
  await emForBusiness(ctx.orm, businessId).nativeUpdate(CalendarConnectionSchema, { id: connectionId }, { tokensCiphertext: sealTokens(settings, connectionId, tokens) });
}
