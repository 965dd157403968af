import type { WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { findOrCreateCustomer } from '../../app/customers/find-or-create-customer.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import { listTeamChats } from '../../app/team/list-team-chats.ts';
import { teamChatLanguage } from '../../app/team/team-chat-language.ts';
import { supportedLanguage, type Language, type Translator } from '../../i18n/translator.ts';
import type { ChatMessage } from '../engine/chat-message.ts';
import { readTeamCommand } from '../team/team-command-text.ts';
import { handleTeamCommand } from '../team/team-commands.ts';
import type { TeamChatMessage } from '../team/team-input.ts';
import { rememberSentTeamPost } from '../team/team-posts.ts';
import { handleTeamReply } from '../team/team-reply.ts';
import { chatForwardsFiles } from '../engine/stored-step.ts';
import { renderPlainText } from '../text/plain-text.ts';
import { replyToText } from '../text/text-chat.ts';
import { readInboundMessage, type InboundMessage } from './inbound-message.ts';
import { deliverPlainText } from './whatsapp-delivery.ts';
import { phoneOfJid } from './connection-rules.ts';
import type { WhatsAppNumber } from './whatsapp-number.ts';
import { clipText } from '../engine/clip-text.ts';

/** What handling an inbound message needs. */
export interface WhatsAppInboundDeps {
  ctx: UseCaseContext;
  translator: Translator;
  logger: Logger;
  /** Link codes are made with it (`/link`, `/iam`). */
  appSecret: string;
  /** Minutes an unfinished booking flow may sit idle before its hold is released. */
  idleMinutes: number;
}

/** WhatsApp's longest text message. */
export const WHATSAPP_MAX_TEXT = 4096;
// Media larger than this is announced to the team, not forwarded (WhatsApp's own image limit).
const MAX_FORWARD_BYTES = 16 * 1024 * 1024;

/**
 * One inbound message: a group's go to the team side (link commands, numbered actions
 * and replies quoting the bot's posts); a person's go to the conversation engine as
 * the customer known by their number (checkout never asks for it), after `/iam` is
 * looked for. Media sent while the customer talks to a person is forwarded to the
 * business's WhatsApp team groups, and noted in every team chat through the engine.
 */
export async function handleWhatsAppMessage(deps: WhatsAppInboundDeps, number: WhatsAppNumber, raw: WAMessage): Promise<void> {
  const inbound = readInboundMessage(raw);
  if (!inbound) return;
  if (inbound.isGroup) await fromGroup(deps, number, inbound);
  else await fromPerson(deps, number, inbound, raw);
}

async function fromGroup(deps: WhatsAppInboundDeps, number: WhatsAppNumber, m: InboundMessage): Promise<void> {
  const { businessId } = number.account;
  const base = { businessId, channel: 'whatsapp' as const, chatId: m.chatId, sender: { externalId: m.senderId, ...(m.pushName ? { name: m.pushName } : {}) }, text: m.text };
  if (readTeamCommand(m.text, { plainWords: true })) {
    const title = await number.groupSubject(m.chatId);
    const result = await handleTeamCommand(deps, { ...base, isGroup: true, ...(title ? { chatTitle: title } : {}) });
    if (result) {
      await say(deps, number, m.chatId, result.language, result.messages.map((message) => ({ message })));
      if (result.tellPreviousAccount) await say(deps, number, result.tellPreviousAccount.externalId, result.tellPreviousAccount.language, [{ message: result.tellPreviousAccount.message }]);
      return;
    }
  }
  if (!m.quoted) return;
  const answer = await handleTeamReply(deps, { ...base, repliedToMessageId: m.quoted.id, quotedText: m.quoted.text });
  if (answer) await say(deps, number, m.chatId, answer.language, answer.messages);
}

async function fromPerson(deps: WhatsAppInboundDeps, number: WhatsAppNumber, m: InboundMessage, raw: WAMessage): Promise<void> {
  const { businessId } = number.account;
  // A staff member links their own WhatsApp account in a private chat (`/iam <code>`).
  if (readTeamCommand(m.text, { plainWords: false })) {
    const result = await handleTeamCommand(deps, {
      businessId,
      channel: 'whatsapp',
      chatId: m.chatId,
      sender: { externalId: m.senderId, ...(m.pushName ? { name: m.pushName } : {}) },
      text: m.text,
      isGroup: false,
    });
    if (result) {
      await say(deps, number, m.chatId, result.language, result.messages.map((message) => ({ message })));
      if (result.tellPreviousAccount) await say(deps, number, result.tellPreviousAccount.externalId, result.tellPreviousAccount.language, [{ message: result.tellPreviousAccount.message }]);
      return;
    }
  }
  const phone = phoneOfJid(m.chatId);
  const customer = await findOrCreateCustomer(deps.ctx, businessId, { channel: 'whatsapp', externalId: m.chatId, ...(phone ? { phone, phoneVerified: true } : {}) });
  let text = m.text;
  if (m.media && (await chatForwardsFiles(deps.ctx, { businessId, channel: 'whatsapp', chatId: m.chatId }))) {
    await forwardMedia(deps, number, m, raw, { customerId: customer.id, name: customer.name || m.pushName || '—', phone: customer.phone ?? phone ?? '—' });
    // The engine passes this note on to every team chat (Telegram ones too) and tells the customer it went.
    text = mediaNote(m);
  }
  const reply = await replyToText(
    { ctx: deps.ctx, translator: deps.translator, idleMinutes: deps.idleMinutes },
    { businessId, channel: 'whatsapp', chatId: m.chatId },
    { text, eventKey: m.id, profile: m.pushName ? { name: m.pushName } : {} },
    { maxLength: WHATSAPP_MAX_TEXT },
  );
  for (const out of reply.messages) await deliverPlainText(number, m.chatId, out);
}

/** Renders team-side messages as plain text and sends them; a booking post is remembered with the id a reply quotes. */
async function say(deps: WhatsAppInboundDeps, number: WhatsAppNumber, jid: string, language: Language, messages: TeamChatMessage[]): Promise<void> {
  for (const { message, post } of messages) {
    const delivery = await deliverPlainText(number, jid, render(deps.translator, language, message));
    if (post && delivery.sent && delivery.messageId) {
      await rememberSentTeamPost(deps, { businessId: number.account.businessId, channel: 'whatsapp', chatId: jid, messageId: delivery.messageId, post });
    }
  }
}

/** A message as WhatsApp shows it: numbered choices, links printed, within its length. */
export function render(translator: Translator, language: Language, message: ChatMessage) {
  return renderPlainText(translator, language, message, { maxLength: WHATSAPP_MAX_TEXT });
}

function mediaNote(m: InboundMessage): string {
  const icon = { image: '📷', document: '📄', audio: '🎤', video: '🎬' }[m.media?.kind ?? 'document'];
  return clipText([icon, m.media?.fileName ?? '', m.text].filter((part) => part !== '').join(' '), 3000);
}

/**
 * Sends the customer's image, document, voice message or video to each of the business's WhatsApp team
 * groups, captioned with who sent it, and remembers each post so a reply to it reaches
 * the customer. Team chats on other channels get the engine's text note only (their
 * adapters do not carry files through the outbox).
 */
async function forwardMedia(
  deps: WhatsAppInboundDeps,
  number: WhatsAppNumber,
  m: InboundMessage,
  raw: WAMessage,
  customer: { customerId: string; name: string; phone: string },
): Promise<void> {
  const media = m.media;
  if (!media) return;
  const groups = (await listTeamChats(deps.ctx, number.account.businessId)).filter((c) => c.channel === 'whatsapp');
  if (groups.length === 0 || (media.size !== null && media.size > MAX_FORWARD_BYTES)) return;
  let bytes: Buffer;
  try {
    bytes = await number.download(raw);
  } catch (error) {
    deps.logger.warn({ err: error, business: number.account.businessId }, 'customer media could not be downloaded; the team gets the note only');
    return;
  }
  for (const group of groups) {
    const language = (await teamLanguage(deps, number.account.businessId, group.chatId)) ?? 'en';
    const heading = deps.translator.t(language, 'notify.team.customer_message', { customer: customer.name, phone: customer.phone });
    const caption = [heading, m.text].filter((part) => part !== '').join('\n');
    // A voice message carries no caption: who sent it goes just before it.
    if (media.kind === 'audio') await number.send(group.chatId, { text: caption });
    const content =
      media.kind === 'image'
        ? { image: bytes, caption }
        : media.kind === 'video'
          ? { video: bytes, caption }
          : media.kind === 'audio'
            ? { audio: bytes, mimetype: media.mimetype ?? 'audio/ogg; codecs=opus', ptt: true }
            : { document: bytes, mimetype: media.mimetype ?? 'application/octet-stream', fileName: media.fileName ?? 'file', caption };
    const result = await number.send(group.chatId, content);
    const messageId = 'sent' in result ? result.sent?.key.id : undefined;
    if (messageId) await rememberSentTeamPost(deps, { businessId: number.account.businessId, channel: 'whatsapp', chatId: group.chatId, messageId, post: { customerId: customer.customerId, bookingId: null } });
  }
}

async function teamLanguage(deps: WhatsAppInboundDeps, businessId: string, chatId: string): Promise<Language | null> {
  return supportedLanguage(await teamChatLanguage(deps.ctx, businessId, { channel: 'whatsapp', chatId }));
}
