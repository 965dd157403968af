import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { localDayStart, optionalLocalDayField } from '../catalog/local-date-time.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { AUDIT_ENTITY_TYPES, AUDIT_PAGE } from './audit-sql.ts';

/** Entries per page of the audit log. */
export const AUDIT_PER_PAGE = 50;
/** The longest date range one look at the log covers. */
export const AUDIT_MAX_RANGE_DAYS = 366;

const blank = (v: unknown) => (v === '' ? undefined : v);

/** Input of {@link listAuditEntries}: filters as a query string gives them. Messages are keys under `panel.errors`. */
export const ListAuditInput = z
  .object({
    entityType: z.preprocess(blank, z.string().max(64).regex(/^[a-z_]+$/, 'audit_entity_type').optional()),
    /** First and last local day (business zone), inclusive. */
    from: optionalLocalDayField('audit_date_invalid'),
    to: optionalLocalDayField('audit_date_invalid'),
    /** The last entry of the previous page. */
    before: z.preprocess(blank, Id.optional()),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'audit_dates_order', path: ['to'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= AUDIT_MAX_RANGE_DAYS * 86_400_000, { message: 'audit_range_too_long', path: ['to'] });

/** Where an action came from: the panel, a team chat, a customer's channel, or the system. */
export type AuditOrigin = 'panel' | 'team_chat' | 'chat' | 'telegram' | 'whatsapp' | 'sms' | 'webchat' | 'admin' | 'api' | 'system';

/** One audit entry as the team reads it. */
export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  entityType: string;
  entityId: string;
  /** Who acted: kind and what names them (an email, a customer's or specialist's name; null when gone). */
  actor: { kind: 'user' | 'staff' | 'customer' | 'system'; id: string | null; label: string | null };
  origin: AuditOrigin;
  details: Record<string, unknown>;
}

const Row = z.object({
  id: z.string(),
  created_at: z.coerce.date(),
  actor_kind: z.enum(['customer', 'user', 'system']),
  actor_id: z.string().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  details: z.record(z.string(), z.unknown()),
  user_email: z.string().nullable(),
  customer_name: z.string().nullable(),
  staff_name: z.string().nullable(),
  booking_source: z.string().nullable(),
});

const ORIGINS = new Set<string>(['telegram', 'whatsapp', 'sms', 'webchat', 'admin', 'api']);

function toAuditRow(r: z.infer<typeof Row>): AuditRow {
  const base = { id: r.id, at: r.created_at, action: r.action, entityType: r.entity_type, entityId: r.entity_id, details: r.details };
  if (r.actor_kind === 'customer') {
    const origin = r.booking_source && ORIGINS.has(r.booking_source) ? (r.booking_source as AuditOrigin) : 'chat';
    return { ...base, actor: { kind: 'customer', id: r.actor_id, label: r.customer_name }, origin };
  }
  if (r.actor_kind === 'system') return { ...base, actor: { kind: 'system', id: null, label: null }, origin: 'system' };
  // A business actor: a panel user, or a specialist who acted in the team chat.
  if (r.actor_id === null && typeof r.details['staffId'] === 'string') return { ...base, actor: { kind: 'staff', id: r.details['staffId'], label: r.staff_name }, origin: 'team_chat' };
  return { ...base, actor: { kind: 'user', id: r.actor_id, label: r.user_email }, origin: typeof r.details['staffId'] === 'string' ? 'team_chat' : 'panel' };
}

/** A page of the audit log and whether an older one follows. */
export interface AuditPage {
  rows: AuditRow[];
  /** The id to ask for the next (older) page with, when there is one. */
  nextBefore: string | null;
  /** Every kind of thing the log has entries about, for the filter. */
  entityTypes: string[];
}

/** Who did what and when, newest first, filtered by kind of thing and by days in the business's zone. */
export async function listAuditEntries(ctx: UseCaseContext, businessId: string, zone: string, raw: z.input<typeof ListAuditInput>): Promise<AuditPage> {
  const id = Id.parse(businessId);
  const input = ListAuditInput.parse(raw);
  const [rows, types] = await Promise.all([
    runSql(emForBusiness(ctx.orm, id), AUDIT_PAGE, {
      businessId: id,
      entityType: input.entityType ?? null,
      from: input.from ? localDayStart(input.from, zone) : null,
      to: input.to ? localDayStart(input.to, zone, 1) : null,
      beforeId: input.before ?? null,
      limit: AUDIT_PER_PAGE + 1,
    }),
    runSql(emForBusiness(ctx.orm, id), AUDIT_ENTITY_TYPES, { businessId: id }),
  ]);
  const page = rows.slice(0, AUDIT_PER_PAGE).map((raw) => toAuditRow(Row.parse(raw)));
  return {
    rows: page,
    nextBefore: rows.length > AUDIT_PER_PAGE ? (page.at(-1)?.id ?? null) : null,
    entityTypes: types.map((t) => z.object({ entity_type: z.string() }).parse(t).entity_type),
  };
}
