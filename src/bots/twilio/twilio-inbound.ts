import { findOrCreateCustomer } from '../../app/customers/find-or-create-customer.ts';
import { ChannelIdentitySchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { supportedLanguage, type Language } from '../../i18n/translator.ts';
import { replyToText } from '../text/text-chat.ts';
import { isOptedOut, optIn, optOut, readOptOutKeyword, type OptOutKeyword } from './opt-out.ts';
import { twilioAddress, type ServedNumber, type TwilioLine } from './twilio-line.ts';
import { TwilioSendError } from './twilio-rest.ts';
import { TWILIO_MAX_TEXT, twilioSentence } from './twilio-text.ts';
import type { InboundText } from './twilio-webhook.ts';

const UNSUBSCRIBED = 21610;

/**
 * One inbound message, after the webhook was answered. STOP (Twilio's word, its
 * `OptOutType`, or ours in four languages) records the opt-out and confirms it; START
 * removes it; HELP answers with the business's name and the words that work. Twilio's
 * Advanced Opt-Out answers those itself (`OptOutType` present): then only the record
 * changes. A number that opted out gets no other answer until START. Anything else is
 * the booking chat: the customer is known by their number (verified: it is the number
 * they write from, so checkout never asks for it), the engine answers, and each reply
 * goes out through Twilio's REST API from the business's number.
 */
export async function handleInboundText(line: TwilioLine, served: ServedNumber, inbound: InboundText): Promise<void> {
  const businessId = served.connection.businessId;
  const address = { businessId, channel: line.channel, number: inbound.number };
  const keyword = readOptOutKeyword(inbound.body, inbound.optOutType);
  const optedOut = await isOptedOut(line.deps.ctx, address);
  if (keyword && (await answerKeyword(line, served, inbound, keyword, optedOut))) return;
  if (optedOut) {
    line.deps.logger.info({ businessId, channel: line.channel }, 'a number that opted out wrote; not answered until START');
    return;
  }
  await findOrCreateCustomer(line.deps.ctx, businessId, { channel: line.channel, externalId: inbound.number, phone: inbound.number, phoneVerified: true });
  let texts: string[];
  try {
    const reply = await replyToText(
      { ctx: line.deps.ctx, translator: line.deps.translator, idleMinutes: line.deps.idleMinutes },
      { businessId, channel: line.channel, chatId: inbound.number },
      { text: inbound.body, eventKey: `twilio:${inbound.messageSid}`, profile: inbound.profileName ? { name: inbound.profileName } : {} },
      { maxLength: TWILIO_MAX_TEXT[line.channel] },
    );
    texts = reply.messages.map((m) => m.text);
  } catch (error) {
    // The customer hears that it failed instead of nothing; the error is logged by the queue.
    const language = await customerLanguage(line, served, inbound.number);
    await send(line, served, inbound.number, [twilioSentence(line.deps.translator, language, line.channel, 'sms.failed', {})]);
    throw error;
  }
  await send(line, served, inbound.number, texts);
}

// True when the message was the keyword and is answered; false: the chat takes it (START from a number that never stopped).
async function answerKeyword(line: TwilioLine, served: ServedNumber, inbound: InboundText, keyword: OptOutKeyword, optedOut: boolean): Promise<boolean> {
  const address = { businessId: served.connection.businessId, channel: line.channel, number: inbound.number };
  let key: string;
  if (keyword.kind === 'stop') {
    await optOut(line.deps.ctx, address);
    key = 'sms.opt_out.stopped';
  } else if (keyword.kind === 'start') {
    // "Yes" or "start" from someone who never stopped is an answer for the chat.
    if (!optedOut && !keyword.answeredByTwilio) return false;
    await optIn(line.deps.ctx, address);
    key = 'sms.opt_out.started';
  } else {
    key = 'sms.opt_out.help';
  }
  if (keyword.answeredByTwilio) return true;
  const language = keyword.language ?? (await customerLanguage(line, served, inbound.number));
  await send(line, served, inbound.number, [twilioSentence(line.deps.translator, language, line.channel, key, { business: served.connection.businessName })]);
  return true;
}

// The language the customer chose (kept on their card), else the business's.
async function customerLanguage(line: TwilioLine, served: ServedNumber, number: string): Promise<Language> {
  const { businessId, defaultLocale } = served.connection;
  const identity = await emForBusiness(line.deps.ctx.orm, businessId).findOne(
    ChannelIdentitySchema,
    { business: businessId, channel: line.channel, externalId: number },
    { populate: ['customer'] },
  );
  return supportedLanguage(identity?.customer.getEntity().locale) ?? supportedLanguage(defaultLocale) ?? 'en';
}

async function send(line: TwilioLine, served: ServedNumber, number: string, texts: readonly string[]): Promise<void> {
  for (const body of texts) {
    try {
      await served.messenger.send({ from: twilioAddress(line.channel, served.number), to: twilioAddress(line.channel, number), body });
    } catch (error) {
      if (!(error instanceof TwilioSendError)) throw error;
      // Twilio knows of a STOP we missed: remember it, and send nothing more.
      if (error.code === UNSUBSCRIBED) return void (await optOut(line.deps.ctx, { businessId: served.connection.businessId, channel: line.channel, number }));
      line.deps.logger.warn({ businessId: served.connection.businessId, channel: line.channel, status: error.status, code: error.code, err: error }, 'a chat reply was not sent');
      return;
    }
  }
}
