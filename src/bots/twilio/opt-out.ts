import { MessageOptOutSchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';
import type { Language } from '../../i18n/translator.ts';

/** The channels a Twilio number serves. */
export type TwilioChannelName = 'sms' | 'whatsapp';

/** A message that is an opt-out keyword rather than something for the booking chat. */
export interface OptOutKeyword {
  kind: 'stop' | 'start' | 'help';
  /** The language the word is in, when it tells (СТОП is Russian and Ukrainian alike). */
  language: Language | null;
  /**
   * Twilio handled it already (its `OptOutType` parameter: Advanced Opt-Out answered the
   * customer itself): record it, say nothing, or the customer hears it twice.
   */
  answeredByTwilio: boolean;
}

// Whole messages only: "stop" inside a sentence is not an opt-out. Twilio's own words
// (STOP, STOPALL, UNSUBSCRIBE, END, QUIT; START, UNSTOP, YES; HELP, INFO) and ours in
// four languages. CANCEL is left out on purpose: in a booking chat it means the booking.
const WORDS: Record<OptOutKeyword['kind'], Record<string, Language | null>> = {
  stop: {
    STOP: 'en', STOPALL: 'en', UNSUBSCRIBE: 'en', END: 'en', QUIT: 'en', OPTOUT: 'en', 'OPT OUT': 'en',
    СТОП: null, ОТПИСАТЬСЯ: 'ru', ОТПИСКА: 'ru', ВІДПИСАТИСЯ: 'uk', ВІДПИСКА: 'uk',
    ТОҚТАТУ: 'kk', ТОКТАТУ: 'kk', 'ЖАЗЫЛЫМНАН ШЫҒУ': 'kk',
  },
  start: {
    START: 'en', UNSTOP: 'en', YES: 'en', SUBSCRIBE: 'en',
    СТАРТ: null, ПОДПИСАТЬСЯ: 'ru', ПІДПИСАТИСЯ: 'uk', БАСТАУ: 'kk', ЖАЗЫЛУ: 'kk',
  },
  help: { HELP: 'en', INFO: 'en' },
};

const KINDS = ['stop', 'start', 'help'] as const;

/**
 * Reads an inbound message as an opt-out keyword: Twilio's `OptOutType` when it sent one,
 * else the whole message as one of the words (case, spaces and trailing punctuation
 * ignored). Null for anything else. Pure.
 */
export function readOptOutKeyword(body: string, optOutType?: string): OptOutKeyword | null {
  const byTwilio = KINDS.find((k) => k.toUpperCase() === optOutType?.trim().toUpperCase());
  const plain = body
    .normalize('NFC')
    .replace(/[\s\u00A0]+/gu, ' ')
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
    .toLocaleUpperCase('ru');
  const spoken = plain.length <= 40 ? KINDS.find((k) => plain in WORDS[k]) : undefined;
  if (byTwilio) return { kind: byTwilio, language: spoken === byTwilio ? WORDS[byTwilio][plain]! : null, answeredByTwilio: true };
  if (!spoken) return null;
  return { kind: spoken, language: WORDS[spoken][plain]!, answeredByTwilio: false };
}

/** One number on one channel of one business. */
export interface OptOutAddress {
  businessId: string;
  channel: TwilioChannelName;
  /** E.164. */
  number: string;
}

/** Whether the number said STOP (and not START since). */
export async function isOptedOut(ctx: UseCaseContext, a: OptOutAddress): Promise<boolean> {
  const row = await emForBusiness(ctx.orm, a.businessId).findOne(MessageOptOutSchema, { business: a.businessId, channel: a.channel, externalId: a.number }, { fields: ['id'] });
  return row !== null;
}

/** Records a STOP: nothing is sent to the number until START. True when it was not opted out yet. */
export async function optOut(ctx: UseCaseContext, a: OptOutAddress): Promise<boolean> {
  const em = emForBusiness(ctx.orm, a.businessId);
  if (await isOptedOut(ctx, a)) return false;
  try {
    em.create(MessageOptOutSchema, { business: a.businessId, channel: a.channel, externalId: a.number, createdAt: new Date(ctx.now()) });
    await em.flush();
    return true;
  } catch (error) {
    // The same STOP twice at once (Twilio's retry racing the first): recorded once is enough.
    if (isUniqueViolation(error, 'message_opt_out_unique')) return false;
    throw error;
  }
}

/** Records a START: the number may be messaged again. True when it was opted out. */
export async function optIn(ctx: UseCaseContext, a: OptOutAddress): Promise<boolean> {
  const deleted = await emForBusiness(ctx.orm, a.businessId).nativeDelete(MessageOptOutSchema, { business: a.businessId, channel: a.channel, externalId: a.number });
  return deleted > 0;
}
