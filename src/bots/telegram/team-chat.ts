import type { Context } from 'grammy';
import type { ForceReply, MessageEntity } from 'grammy/types';
import { raw, type ChatText } from '../engine/chat-message.ts';
import { actOnBooking, readTeamActionChoice } from '../team/team-actions.ts';
import { askCancelReason } from '../team/team-cancel.ts';
import { handleTeamCommand } from '../team/team-commands.ts';
import type { TeamChatMessage } from '../team/team-input.ts';
import { redrawBookingPosts, rememberSentTeamPost } from '../team/team-posts.ts';
import { handleTeamReply } from '../team/team-reply.ts';
import { CallbackData, renderForTelegram } from './telegram-render.ts';
import type { BotBinding, TelegramDeps } from './telegram-context.ts';
import { clipText } from '../engine/clip-text.ts';

// Telegram's side of the team chat: the team logic is channel-neutral (`bots/team/`);
// this file reads grammY updates into it and draws its messages with inline buttons.

const isGroup = (tg: Context) => tg.chat?.type === 'group' || tg.chat?.type === 'supergroup';
const textOf = (deps: TelegramDeps, language: string | undefined, text: ChatText) => ('raw' in text ? text.raw : deps.translator.t(language, text.key, text.params));
// A question the bot asks (why a booking is cancelled) opens the reply box of whoever it
// names or replies to, not the whole group's: anyone else's next message stays talk.
const ANSWER_BOX: ForceReply = { force_reply: true, selective: true };
const senderOf = (tg: Context) => ({ externalId: String(tg.from!.id), name: tg.from!.first_name, ...(tg.from!.language_code ? { language: tg.from!.language_code } : {}) });

/** `/link`, `/unlink`, `/chats` and `/iam`, anywhere (in groups also without the slash). Returns true when the update was one of them. */
export async function handleLinkCommands(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<boolean> {
  const text = tg.message?.text;
  if (text === undefined || !tg.chat || !tg.from) return false;
  const result = await handleTeamCommand(deps, {
    businessId: binding.businessId,
    channel: 'telegram',
    chatId: String(tg.chat.id),
    isGroup: isGroup(tg),
    ...(tg.chat.type === 'group' || tg.chat.type === 'supergroup' ? { chatTitle: tg.chat.title } : {}),
    sender: { externalId: String(tg.from.id), name: tg.from.first_name, ...(tg.from.language_code ? { language: tg.from.language_code } : {}) },
    text,
  });
  if (!result) return false;
  for (const message of result.messages) await tg.reply(renderForTelegram(deps.translator, result.language, message, null).text);
  const previous = result.tellPreviousAccount;
  if (previous) {
    const notice = renderForTelegram(deps.translator, previous.language, previous.message, null).text;
    await tg.api.sendMessage(previous.externalId, notice).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not tell the previous holder of a staff link'));
  }
  return true;
}

/**
 * The team's group chat: booking buttons (only linked staff may press them; each calls
 * its use case, the post is redrawn in place, the customer hears through the outbox;
 * Cancel asks for the reason first), and replies to the bot's messages (a forwarded
 * customer message's reply is relayed to the customer, a reply to a booking post or to a
 * question acts on the booking — see `handleTeamReply`).
 */
export async function handleTeamUpdate(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<void> {
  if (tg.callbackQuery) return pressTeamButton(deps, binding, tg);
  const msg = tg.message;
  const repliedTo = msg?.reply_to_message;
  if (!msg?.text || !repliedTo || repliedTo.from?.id !== tg.me.id || !tg.from || !tg.chat) return;
  const answer = await handleTeamReply(deps, {
    businessId: binding.businessId,
    channel: 'telegram',
    chatId: String(tg.chat.id),
    sender: senderOf(tg),
    text: clipText(msg.text, 3000),
    repliedToMessageId: String(repliedTo.message_id),
    quotedText: repliedTo.text ?? repliedTo.caption ?? null,
  });
  // Each is a reply to the message it answers: a question's reply box opens for its writer.
  for (const out of answer?.messages ?? []) await sendToTeam(deps, binding, tg, answer!.language, out, { replyTo: msg.message_id });
}

// Sends a team-side message to this chat; a post or question it carries is remembered, so replies to it work.
async function sendToTeam(deps: TelegramDeps, binding: BotBinding, tg: Context, language: string, out: TeamChatMessage, at: { replyTo?: number | undefined; mention?: MessageEntity.TextMentionMessageEntity['user'] }): Promise<void> {
  const rendered = renderForTelegram(deps.translator, language, out.message, null);
  const markup = out.post?.asks ? ANSWER_BOX : rendered.inline ? rendered.reply_markup : undefined;
  // Naming the presser (a text mention) is what opens their reply box when the question answers a button.
  const name = at.mention ? `${at.mention.first_name}, ` : '';
  const sent = await tg.api.sendMessage(tg.chat!.id, `${name}${rendered.text}`, {
    ...(at.replyTo !== undefined ? { reply_parameters: { message_id: at.replyTo, allow_sending_without_reply: true } } : {}),
    ...(markup ? { reply_markup: markup } : {}),
    ...(at.mention ? { entities: [{ type: 'text_mention', offset: 0, length: name.length - 2, user: at.mention }] } : {}),
  });
  if (out.post) await rememberSentTeamPost(deps, { businessId: binding.businessId, channel: 'telegram', chatId: String(tg.chat!.id), messageId: String(sent.message_id), post: out.post });
}

async function pressTeamButton(deps: TelegramDeps, binding: BotBinding, tg: Context): Promise<void> {
  const query = tg.callbackQuery!;
  const language = tg.from?.language_code;
  const parsed = CallbackData.safeParse(query.data ?? '');
  const picked = parsed.success ? readTeamActionChoice(parsed.data.id) : null;
  // A button we never drew (forged or from an old release): not understood, nothing changes.
  if (!picked || !tg.chat) {
    deps.logger.debug({ data: query.data }, 'team button not understood');
    return void (await tg.answerCallbackQuery({ text: deps.translator.t(language, 'telegram.not_understood') }));
  }
  const post = query.message;
  if (picked.action === 'cancel') {
    // The customer reads the reason: the bot asks for it, under the post, naming the presser.
    const asked = await askCancelReason(deps, { businessId: binding.businessId, channel: 'telegram', chatId: String(tg.chat.id), sender: senderOf(tg), bookingId: picked.bookingId });
    const question = asked.messages[0];
    if (!question?.post) return void (await tg.answerCallbackQuery({ text: question ? textOf(deps, asked.language, question.message.lines[0]!) : '', show_alert: true }));
    await tg.answerCallbackQuery();
    return sendToTeam(deps, binding, tg, asked.language, question, { replyTo: post?.message_id, mention: { id: query.from.id, is_bot: false, first_name: query.from.first_name } });
  }
  const acted = await actOnBooking(deps, {
    businessId: binding.businessId,
    channel: 'telegram',
    chatId: String(tg.chat.id),
    actorAccount: String(query.from.id),
    bookingId: picked.bookingId,
    action: picked.action,
    // The redrawn post keeps its own headline ("New booking", "Booking moved").
    headline: raw(post?.text?.split('\n')[0] ?? ''),
  });
  if (!acted.ok) return void (await tg.answerCallbackQuery({ text: textOf(deps, acted.language ?? language, acted.reason), show_alert: true }));
  await tg.answerCallbackQuery({ text: deps.translator.t(language, 'telegram.group.done') });
  if (!post) return;
  const out = renderForTelegram(deps.translator, acted.language, acted.redrawn, null);
  if (!out.inline) return;
  const chatId = tg.chat.id;
  const redraw = (messageId: number) => tg.api.editMessageText(chatId, messageId, out.text, out.reply_markup ? { reply_markup: out.reply_markup } : {});
  await redraw(post.message_id).catch((error: unknown) => {
    deps.logger.debug({ err: error }, 'team post not redrawn');
  });
  // The booking's other posts here (new, moved, paid…) would offer what was just done: they read as this one now.
  const at = { businessId: binding.businessId, channel: 'telegram' as const, chatId: String(chatId), bookingId: picked.bookingId, except: String(post.message_id) };
  await redrawBookingPosts(deps, at, async (messageId) => void (await redraw(Number(messageId))));
}
