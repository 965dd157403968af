import { envAccountBusiness } from '../../db/seed/env-business.ts';
import type { z } from 'zod';
import { BusinessSchema, TwilioAccountSchema, type TwilioAccount } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { openSecret, sealSecret, type AppSecrets } from '../../db/secret-box.ts';
import { emAcrossBusinesses, emForBusiness } from '../../db/tenant-scope.ts';
import { NotificationTopicName } from '../../app/notifications/notification-topics.ts';
import { TwilioAccountInput } from '../../app/channels/twilio-account.ts';
import { Id } from '../../app/shared/input-schemas.ts';
import { recordAudit } from '../../app/shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../../app/shared/use-case-context.ts';

const TOKEN_PURPOSE = 'twilio-auth-token';

/** A business's connected Twilio account, auth token opened, ready to use. */
export interface TwilioConnection {
  businessId: string;
  /** The business's slug: it names the webhook paths (`/twilio/<slug>/sms`). */
  slug: string;
  businessName: string;
  /** The language the business writes in to a customer whose own is not known. */
  defaultLocale: string;
  accountSid: string;
  authToken: string;
  smsFrom: string | null;
  whatsappFrom: string | null;
  whatsappTemplates: Readonly<Record<string, string>>;
}

/** One of the numbers is connected to another business already (a number serves one business). */
export class TwilioNumberTaken extends Error {
  readonly number: string;
  constructor(number: string) {
    super(`the Twilio number ${number} is connected to another business`);
    this.number = number;
  }
}

const numberTaken = (error: unknown) => isUniqueViolation(error, 'twilio_account_sms_from_unique') || isUniqueViolation(error, 'twilio_account_whatsapp_from_unique');

// The token is bound to the business and the account: a ciphertext copied elsewhere does not open.
const sealContext = (businessId: string, accountSid: string) => `${businessId}:${accountSid}`;

/**
 * Connects a business's own Twilio account and numbers (white-label): the auth token is
 * stored sealed. Connecting again replaces the business's account, numbers and
 * templates; a number another business has is refused ({@link TwilioNumberTaken}). With
 * an `actor` (the panel) it is audited; without one (the environment) only a change is,
 * as the system's. Returns whether anything changed.
 */
export async function connectTwilioAccount(
  ctx: UseCaseContext,
  businessId: string,
  appSecret: AppSecrets,
  raw: z.input<typeof TwilioAccountInput>,
  options: { actor?: Actor } = {},
): Promise<{ changed: boolean }> {
  const input = TwilioAccountInput.parse(raw);
  const id = Id.parse(businessId);
  const numbers = [input.smsFrom, input.whatsappFrom].filter((n): n is string => n !== undefined);
  const elsewhere = await emAcrossBusinesses(ctx.orm).findOne(TwilioAccountSchema, {
    business: { $ne: id },
    $or: [{ smsFrom: { $in: numbers } }, { whatsappFrom: { $in: numbers } }],
  });
  if (elsewhere) throw new TwilioNumberTaken(numbers.find((n) => n === elsewhere.smsFrom || n === elsewhere.whatsappFrom) ?? numbers[0]!);
  try {
    return await emForBusiness(ctx.orm, id).transactional(async (em) => {
      const current = await em.findOne(TwilioAccountSchema, { business: id });
      const templates = input.whatsappTemplates ?? {};
      const same =
        current !== null &&
        current.active &&
        current.accountSid === input.accountSid &&
        current.smsFrom === (input.smsFrom ?? null) &&
        current.whatsappFrom === (input.whatsappFrom ?? null) &&
        JSON.stringify(current.whatsappTemplates) === JSON.stringify(templates) &&
        tokenOf(appSecret, id, current) === input.authToken;
      const fields = {
        accountSid: input.accountSid,
        authTokenCiphertext: sealSecret(appSecret, TOKEN_PURPOSE, input.authToken, sealContext(id, input.accountSid)),
        smsFrom: input.smsFrom ?? null,
        whatsappFrom: input.whatsappFrom ?? null,
        whatsappTemplates: templates,
        active: true,
      };
      const row = current ?? em.create(TwilioAccountSchema, { business: id, ...fields });
      em.assign(row, fields);
      if (options.actor || !same) {
        recordAudit(em, ctx.now(), {
          businessId: id,
          actor: options.actor ?? { kind: 'system' },
          action: 'channel.twilio_connected',
          entityType: 'twilio_account',
          entityId: row.id,
          details: { accountSid: input.accountSid, smsFrom: input.smsFrom ?? '', whatsappFrom: input.whatsappFrom ?? '', templates: Object.keys(templates).join(',') },
        });
      }
      return { changed: !same };
    });
  } catch (error) {
    // Another business connected the same number at the same moment.
    if (numberTaken(error)) throw new TwilioNumberTaken(numbers[0]!);
    throw error;
  }
}

/**
 * Disconnects a business's Twilio account: the row and its sealed token are deleted (no
 * secret is left behind, and the numbers may be connected elsewhere). Audited. Returns
 * whether there was one.
 */
export async function disconnectTwilioAccount(ctx: UseCaseContext, businessId: string, actor: Actor): Promise<boolean> {
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const current = await em.findOne(TwilioAccountSchema, { business: id });
    if (!current) return false;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'channel.twilio_disconnected',
      entityType: 'twilio_account',
      entityId: current.id,
      details: { accountSid: current.accountSid, smsFrom: current.smsFrom ?? '', whatsappFrom: current.whatsappFrom ?? '' },
    });
    em.remove(current);
    return true;
  });
}

/** The business's active Twilio account with its token opened, or null (none, or sealed under another APP_SECRET). */
export async function storedTwilioAccount(ctx: UseCaseContext, businessId: string, appSecret: AppSecrets): Promise<TwilioConnection | null> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const row = await em.findOne(TwilioAccountSchema, { business: id, active: true });
  const business = row && (await em.findOne(BusinessSchema, { id }));
  if (!row || !business) return null;
  const authToken = tokenOf(appSecret, id, row);
  return authToken === null ? null : connectionOf(row, business, authToken);
}

/** What is stored of a business's account, for the panel: no token, and whether it still opens. */
export async function twilioAccountSummary(
  ctx: UseCaseContext,
  businessId: string,
  appSecret: AppSecrets,
): Promise<{ accountSid: string; smsFrom: string | null; whatsappFrom: string | null; templates: Record<string, string>; unreadable: boolean; slug: string } | null> {
  const id = Id.parse(businessId);
  const em = emForBusiness(ctx.orm, id);
  const row = await em.findOne(TwilioAccountSchema, { business: id, active: true }, { populate: ['business'] });
  if (!row) return null;
  return {
    accountSid: row.accountSid,
    smsFrom: row.smsFrom ?? null,
    whatsappFrom: row.whatsappFrom ?? null,
    templates: storedTemplates(row),
    unreadable: tokenOf(appSecret, id, row) === null,
    slug: row.business.getEntity().slug,
  };
}

/** Every active Twilio account of every business, tokens opened (one sealed under another APP_SECRET is skipped and named). */
export async function activeTwilioAccounts(
  ctx: UseCaseContext,
  appSecret: AppSecrets,
): Promise<{ connections: TwilioConnection[]; unreadable: { businessId: string; accountSid: string }[] }> {
  const em = emAcrossBusinesses(ctx.orm);
  const rows = await em.find(TwilioAccountSchema, { active: true }, { populate: ['business'] });
  const connections: TwilioConnection[] = [];
  const unreadable: { businessId: string; accountSid: string }[] = [];
  for (const row of rows) {
    const business = row.business.getEntity();
    const authToken = tokenOf(appSecret, business.id, row);
    if (authToken === null) unreadable.push({ businessId: business.id, accountSid: row.accountSid });
    else connections.push(connectionOf(row, business, authToken));
  }
  return { connections, unreadable };
}

/** The demo's Twilio account from the environment (TWILIO_* variables). */
export interface TwilioEnvAccount {
  accountSid: string;
  authToken: string;
  smsFrom: string | undefined;
  whatsappFrom: string | undefined;
}

/**
 * Connects the account from the environment to the business with `preferredSlug` (the
 * demo), else the first business, like TELEGRAM_BOT_TOKEN. Templates connected from the
 * panel are kept. Returns the business it went to, or null when there is no business yet.
 */
export async function connectTwilioFromEnv(
  ctx: UseCaseContext,
  appSecret: AppSecrets,
  account: TwilioEnvAccount,
  preferredSlug: string,
): Promise<{ businessId: string; businessName: string; changed: boolean } | null> {
  const em = emAcrossBusinesses(ctx.orm);
  const business = await envAccountBusiness(em, preferredSlug);
  if (!business) return null;
  const current = await emForBusiness(ctx.orm, business.id).findOne(TwilioAccountSchema, { business: business.id });
  const { changed } = await connectTwilioAccount(ctx, business.id, appSecret, {
    accountSid: account.accountSid,
    authToken: account.authToken,
    ...(account.smsFrom ? { smsFrom: account.smsFrom } : {}),
    ...(account.whatsappFrom ? { whatsappFrom: account.whatsappFrom } : {}),
    ...(current ? { whatsappTemplates: storedTemplates(current) } : {}),
  });
  return { businessId: business.id, businessName: business.name, changed };
}

/** The templates stored with an account, as topic → content SID (anything else stored is dropped). */
function storedTemplates(row: TwilioAccount): Partial<Record<z.infer<typeof NotificationTopicName>, string>> {
  const known = NotificationTopicName.options as readonly string[];
  return Object.fromEntries(Object.entries(row.whatsappTemplates).filter(([topic]) => known.includes(topic)));
}

function tokenOf(appSecret: AppSecrets, businessId: string, row: TwilioAccount): string | null {
  try {
    return openSecret(appSecret, TOKEN_PURPOSE, row.authTokenCiphertext, sealContext(businessId, row.accountSid));
  } catch {
    return null;
  }
}

function connectionOf(row: TwilioAccount, business: { id: string; slug: string; name: string; defaultLocale: string }, authToken: string): TwilioConnection {
  return {
    businessId: business.id,
    slug: business.slug,
    businessName: business.name,
    defaultLocale: business.defaultLocale,
    accountSid: row.accountSid,
    authToken,
    smsFrom: row.smsFrom ?? null,
    whatsappFrom: row.whatsappFrom ?? null,
    whatsappTemplates: { ...row.whatsappTemplates },
  };
}
