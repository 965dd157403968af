import type { Context } from 'grammy';
import { raw, type ChatText } from '../engine/chat-message.ts';
import { actOnBooking, readTeamActionChoice } from '../team/team-actions.ts';
import { handleTeamCommand } from '../team/team-commands.ts';
import { handleTeamReply } from '../team/team-reply.ts';
import { CallbackData, renderForTelegram } from './telegram-render.ts';
import type { BotBinding, TelegramDeps } from './telegram-context.ts';

// Telegram's side of the team chat: the team logic is channel-neutral (`bots/team/`);
// this file reads grammY updates into it and draws its messages with inline buttons.

const isGroup = (tg: Context) => tg.chat?.type === 'group' || tg.chat?.type === 'supergroup';
const textOf = (deps: TelegramDeps, language: string | undefined, text: ChatText) => ('raw' in text ? text.raw : deps.translator.t(language, text.key, text.params));

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
 * its use case, the post is redrawn in place, the customer hears through the outbox)
 * and replies to a forwarded customer message, relayed back to that customer.
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
    sender: { externalId: String(tg.from.id), name: tg.from.first_name, ...(tg.from.language_code ? { language: tg.from.language_code } : {}) },
    text: msg.text.slice(0, 3000),
    repliedToMessageId: String(repliedTo.message_id),
    quotedText: repliedTo.text ?? repliedTo.caption ?? null,
  });
  for (const out of answer?.messages ?? []) {
    const rendered = renderForTelegram(deps.translator, answer!.language, out.message, null);
    await tg.reply(rendered.text, { reply_parameters: { message_id: msg.message_id }, ...(rendered.inline && rendered.reply_markup ? { reply_markup: rendered.reply_markup } : {}) });
  }
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
  await tg.api.editMessageText(tg.chat.id, post.message_id, out.text, out.reply_markup ? { reply_markup: out.reply_markup } : {}).catch((error: unknown) => {
    deps.logger.debug({ err: error }, 'team post not redrawn');
  });
}
