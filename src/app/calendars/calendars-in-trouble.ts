import { CalendarConnectionSchema, type CalendarConnectionState, type CalendarProviderName } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A connected calendar that cannot be read or written, as the business's Calendars page lists it. */
export interface CalendarInTrouble {
  staffId: string;
  staffName: string;
  provider: CalendarProviderName;
  state: Exclude<CalendarConnectionState, 'ok'>;
  /** What the provider last answered. */
  lastError: string | null;
  lastSyncedAt: number | null;
}

/** The business's calendar connections that failed or withdrew access, with the reason, by specialist. Reads only. */
export async function calendarsInTrouble(ctx: UseCaseContext, businessId: string): Promise<CalendarInTrouble[]> {
  const em = emForBusiness(ctx.orm, Id.parse(businessId)).fork();
  const rows = await em.find(CalendarConnectionSchema, { state: { $ne: 'ok' } }, { populate: ['staffMember'], orderBy: { staffMember: { name: 'asc' }, provider: 'asc' } });
  return rows.flatMap((row) =>
    row.state === 'ok'
      ? []
      : [{ staffId: row.staffMember.id, staffName: row.staffMember.getEntity().name, provider: row.provider, state: row.state, lastError: row.lastError ?? null, lastSyncedAt: row.lastSyncedAt?.getTime() ?? null }],
  );
}
