import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CHANNELS, StaffMemberSchema, TeamChatSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

// Crockford-style alphabet: no I, L, O, U — easy to read aloud and type.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function code(appSecret: string, purpose: string): string {
  const digest = createHmac('sha256', appSecret).update(purpose).digest();
  return Array.from(digest.subarray(0, 8), (byte) => ALPHABET[byte % 32]).join('');
}

/** Compares a typed code with the expected one in constant time. */
export function sameCode(typed: string, expected: string): boolean {
  const a = Buffer.from(typed.toUpperCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The code an owner sends in the team's group (`/link <code>`) to make it the business's team chat. */
export function teamLinkCode(appSecret: string, businessId: string): string {
  return code(appSecret, `team-chat:${businessId}`);
}

/** The code a staff member sends the bot (`/iam <code>`) to link their chat account. */
export function staffLinkCode(appSecret: string, staffId: string): string {
  return code(appSecret, `staff:${staffId}`);
}

/** Input of {@link linkTeamChat}. */
export const LinkTeamChatInput = z.object({
  channel: z.enum(CHANNELS),
  chatId: z.string().min(1).max(128),
  locale: z.string().max(8).nullable().default(null),
});

/** Makes a group chat a team chat of the business (again active if it was). Returns false when it already was. */
export async function linkTeamChat(ctx: UseCaseContext, businessId: string, raw: z.input<typeof LinkTeamChatInput>): Promise<boolean> {
  const input = LinkTeamChatInput.parse(raw);
  return emForBusiness(ctx.orm, Id.parse(businessId)).transactional(async (em) => {
    const existing = await em.findOne(TeamChatSchema, { channel: input.channel, chatId: input.chatId });
    if (existing?.active) return false;
    if (existing) existing.active = true;
    else em.create(TeamChatSchema, { business: businessId, channel: input.channel, chatId: input.chatId, locale: input.locale });
    return true;
  });
}

/** Stops posting to a team chat (`/unlink` in it). */
export async function unlinkTeamChat(ctx: UseCaseContext, businessId: string, raw: z.input<typeof LinkTeamChatInput>): Promise<void> {
  const input = LinkTeamChatInput.parse(raw);
  await emForBusiness(ctx.orm, Id.parse(businessId)).nativeUpdate(TeamChatSchema, { channel: input.channel, chatId: input.chatId }, { active: false });
}

/** The language posts in a chat are written in: the team chat's own, else the business's. */
export async function teamChatLanguage(ctx: UseCaseContext, businessId: string, raw: { channel: z.input<typeof LinkTeamChatInput>['channel']; chatId: string }): Promise<string> {
  const input = LinkTeamChatInput.pick({ channel: true, chatId: true }).parse(raw);
  const id = Id.parse(businessId);
  const rows = await emForBusiness(ctx.orm, id)
    .getConnection()
    .execute<{ language: string }[]>(
      `select coalesce(t.locale, b.default_locale) as language
         from business b left join team_chat t on t.business_id = b.id and t.channel = ? and t.chat_id = ? and t.active
        where b.id = ?`,
      [input.channel, input.chatId, id],
    );
  return rows[0]?.language ?? 'en';
}

/**
 * True the first time an update from a team chat is seen (by its channel key, e.g.
 * `telegram:<update_id>`): a redelivered update returns false and must change nothing.
 * Chats that are not (yet) team chats have nothing to protect and always return true.
 */
export async function firstTimeFromTeamChat(ctx: UseCaseContext, businessId: string, raw: { channel: z.input<typeof LinkTeamChatInput>['channel']; chatId: string; key: string }): Promise<boolean> {
  const input = LinkTeamChatInput.pick({ channel: true, chatId: true }).extend({ key: z.string().min(1).max(64) }).parse(raw);
  const connection = emForBusiness(ctx.orm, Id.parse(businessId)).getConnection();
  const fresh = await connection.execute<unknown[]>(
    `update team_chat set recent_events = (array_prepend(?::text, recent_events))[1:50]
      where business_id = ? and channel = ? and chat_id = ? and not (?::text = any(recent_events)) returning id`,
    [input.key, businessId, input.channel, input.chatId, input.key],
  );
  if (fresh.length > 0) return true;
  const known = await connection.execute<unknown[]>(`select 1 from team_chat where business_id = ? and channel = ? and chat_id = ?`, [businessId, input.channel, input.chatId]);
  return known.length === 0;
}

/** A staff member as the team chat knows them. */
export interface TeamMember {
  staffId: string;
  name: string;
  /** Their panel account, recorded as the actor of what they do. */
  userId: string | null;
}

/** Input of {@link linkStaffTelegram}. */
export const LinkStaffTelegramInput = z.object({ code: z.string().trim().min(4).max(32), telegramUserId: z.string().regex(/^\d{1,20}$/) });

/**
 * Links a Telegram account to the staff member whose code it sent; the account is
 * unlinked from anyone else first. Returns the member, or null for an unknown code.
 */
export async function linkStaffTelegram(ctx: UseCaseContext, businessId: string, appSecret: string, raw: z.input<typeof LinkStaffTelegramInput>): Promise<TeamMember | null> {
  const input = LinkStaffTelegramInput.parse(raw);
  return emForBusiness(ctx.orm, Id.parse(businessId)).transactional(async (em) => {
    const staff = await em.find(StaffMemberSchema, { active: true });
    const wanted = input.code.toUpperCase();
    const member = staff.find((s) => sameCode(wanted, staffLinkCode(appSecret, s.id)));
    if (!member) return null;
    await em.nativeUpdate(StaffMemberSchema, { telegramUserId: input.telegramUserId, id: { $ne: member.id } }, { telegramUserId: null });
    member.telegramUserId = input.telegramUserId;
    return { staffId: member.id, name: member.name, userId: member.user?.id ?? null };
  });
}

/** The staff member a Telegram account is linked to, or null. */
export async function staffByTelegramUser(ctx: UseCaseContext, businessId: string, telegramUserId: string): Promise<TeamMember | null> {
  const member = await emForBusiness(ctx.orm, Id.parse(businessId)).findOne(StaffMemberSchema, { telegramUserId, active: true });
  return member ? { staffId: member.id, name: member.name, userId: member.user?.id ?? null } : null;
}
