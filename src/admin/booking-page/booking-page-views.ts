import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyRequest } from 'fastify';
import { minorDigits } from '../../app/catalog/currency-amount.ts';
import { supportedLanguage, type Language, type Translator } from '../../i18n/translator.ts';
import { browserLanguage } from '../webchat/web-chat-language.ts';
import type { Carry } from './booking-page-query.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the page's script, stylesheet and the widget's script are served from. */
export const PAGE_ASSETS_DIR = path.join(here, 'assets');

/** The page's templates (escaped by default: `<%= %>`). */
export function bookingPageViews(): Eta {
  return new Eta({ views: path.join(here, 'views'), cache: true });
}

/** What every template of the page is given to word itself. */
export interface PageViewContext {
  language: Language;
  t: (key: string, params?: Record<string, string | number>) => string;
  price: (minor: number, currency: string) => string;
  /** A local date (`YYYY-MM-DD`) as "Tuesday, 4 March". */
  day: (date: string) => string;
  /** An instant as "Tue, 4 March, 10:30" in `zone`. */
  when: (ms: number, zone: string) => string;
}

/**
 * The page's language: `?lang=` (remembered in the cookie), then the one remembered,
 * then the browser's, then the business's, then English.
 */
export function pageLanguageOf(request: FastifyRequest, carry: Carry, businessLocale: string): Language {
  if (carry.lang) {
    request.session.set('pageLanguage', carry.lang);
    return carry.lang;
  }
  return supportedLanguage(request.session.get('pageLanguage')) ?? browserLanguage(request.headers['accept-language']) ?? supportedLanguage(businessLocale) ?? 'en';
}

/** The words and formats of the page in a language. */
export function pageViewContext(translator: Translator, language: Language): PageViewContext {
  return {
    language,
    t: (key, params) => translator.t(language, key, params),
    price: (minor, currency) => new Intl.NumberFormat(language, { style: 'currency', currency }).format(minor / 10 ** minorDigits(currency)),
    day: (date) => new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`)),
    when: (ms, zone) => new Intl.DateTimeFormat(language, { weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(ms)),
  };
}
