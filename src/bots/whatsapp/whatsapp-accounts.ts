import { WhatsAppAccountSchema, type WhatsAppAccount, type WhatsAppState } from '../../db/entities/index.ts';
import { openSecret, sealSecret, type AppSecrets } from '../../db/secret-box.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../../app/shared/input-schemas.ts';
import { recordAudit } from '../../app/shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../../app/shared/use-case-context.ts';

const CREDS_PURPOSE = 'whatsapp-creds';

/** One business's `whatsapp_account` row, as the channel needs it. */
export interface WhatsAppAccountRef {
  businessId: string;
  accountId: string;
}

/** A number's stored standing (what the panel shows when this process does not drive it). */
export interface StoredWhatsAppAccount extends WhatsAppAccountRef {
  state: WhatsAppState;
  phone: string | null;
  stateSince: number;
  lastError: string | null;
  /** Creds are stored: the number was linked (or is half-way through linking). */
  hasCreds: boolean;
}

function view(row: WhatsAppAccount): StoredWhatsAppAccount {
  return {
    businessId: row.business.id,
    accountId: row.id,
    state: row.state,
    phone: row.phone ?? null,
    stateSince: row.stateSince.getTime(),
    lastError: row.lastError ?? null,
    hasCreds: row.creds !== null && row.creds !== undefined,
  };
}

/** The business's WhatsApp account, or null when it never started linking one. */
export async function storedWhatsAppAccount(ctx: UseCaseContext, businessId: string): Promise<StoredWhatsAppAccount | null> {
  const id = Id.parse(businessId);
  const row = await emForBusiness(ctx.orm, id).findOne(WhatsAppAccountSchema, { business: id, active: true });
  return row ? view(row) : null;
}

/**
 * The business's account row, created (state `linking`) when it has none: linking a
 * number starts here. Audited when an actor (the panel) asks.
 */
export async function ensureWhatsAppAccount(ctx: UseCaseContext, businessId: string, actor?: Actor): Promise<StoredWhatsAppAccount> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const now = new Date(ctx.now());
    const row = (await em.findOne(WhatsAppAccountSchema, { business: id })) ?? em.create(WhatsAppAccountSchema, { business: id, state: 'linking', stateSince: now });
    if (!row.active || row.creds === null || row.creds === undefined) em.assign(row, { active: true, state: 'linking', stateSince: now, lastError: null });
    if (actor) recordAudit(em, ctx.now(), { businessId: id, actor, action: 'channel.whatsapp_linking', entityType: 'whatsapp_account', entityId: row.id });
    await em.flush();
    return view(row);
  });
}

/** Every number that was linked and is not logged out: started when the channel starts. */
export async function linkedWhatsAppAccounts(ctx: UseCaseContext): Promise<StoredWhatsAppAccount[]> {
  const rows = await emAcrossBusinesses(ctx.orm).find(WhatsAppAccountSchema, { active: true, creds: { $ne: null }, state: { $ne: 'logged_out' } });
  return rows.map(view);
}

/** Records where the number stands (`stateSince` moves only when the state changes). */
export async function recordWhatsAppState(
  ctx: UseCaseContext,
  account: WhatsAppAccountRef,
  state: WhatsAppState,
  details: { phone?: string | null; lastError?: string | null } = {},
): Promise<void> {
  await emForBusiness(ctx.orm, account.businessId).transactional(async (em) => {
    const row = await em.findOne(WhatsAppAccountSchema, { id: account.accountId });
    if (!row) return;
    if (row.state !== state) em.assign(row, { state, stateSince: new Date(ctx.now()) });
    if (details.phone !== undefined) row.phone = details.phone;
    if (details.lastError !== undefined) row.lastError = details.lastError;
  });
}

/** The stored creds (`BufferJSON` text), opened; null when there are none. Throws when sealed under another APP_SECRET. */
export async function readCreds(ctx: UseCaseContext, account: WhatsAppAccountRef, secrets: AppSecrets): Promise<string | null> {
  const row = await emForBusiness(ctx.orm, account.businessId).findOne(WhatsAppAccountSchema, { id: account.accountId });
  if (!row?.creds) return null;
  return openSecret(secrets, CREDS_PURPOSE, row.creds, account.accountId);
}

/** Stores the creds sealed (null deletes them). */
export async function saveCreds(ctx: UseCaseContext, account: WhatsAppAccountRef, secrets: AppSecrets, text: string | null): Promise<void> {
  await emForBusiness(ctx.orm, account.businessId).nativeUpdate(
    WhatsAppAccountSchema,
    { id: account.accountId },
    { creds: text === null ? null : sealSecret(secrets, CREDS_PURPOSE, text, account.accountId) },
  );
}

/** Removes the business's account with its creds and keys (the number is unlinked). Audited with an actor. Returns whether there was one. */
export async function deleteWhatsAppAccount(ctx: UseCaseContext, businessId: string, actor?: Actor): Promise<boolean> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const row = await em.findOne(WhatsAppAccountSchema, { business: id });
    if (!row) return false;
    recordAudit(em, ctx.now(), { businessId: id, actor: actor ?? { kind: 'system' }, action: 'channel.whatsapp_unlinked', entityType: 'whatsapp_account', entityId: row.id, details: { phone: row.phone ?? '' } });
    // The keys go with it (on delete cascade).
    em.remove(row);
    return true;
  });
}
