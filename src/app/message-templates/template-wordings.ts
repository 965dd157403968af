import { NOTIFICATION_TOPICS, type NotificationTopic } from '../notifications/notification-topics.ts';

/** The languages a template may be written in (the ones BookChat speaks). */
export const TEMPLATE_LANGUAGES = ['en', 'ru', 'uk', 'kk'] as const;
/** One of {@link TEMPLATE_LANGUAGES}. */
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/** The longest template body. */
export const TEMPLATE_MAX_LENGTH = 1000;

/** A customer message the business may word itself: the topic it tells of and its i18n key. */
export interface TemplateWording {
  topic: NotificationTopic;
  /** The wording's i18n key in the registry (`notify.customer.confirmed`). */
  key: string;
}

// Which customer wordings the business may replace: the sentences of its bookings'
// life (booked, confirmed, reminded, followed up, cancelled, moved, declined), taken
// from the registry so a renamed key cannot leave a template behind.
const c = (topic: NotificationTopic, variant: string): TemplateWording => {
  const wording: Partial<Record<string, Record<string, string>>> = NOTIFICATION_TOPICS[topic].wording;
  const key = wording['customer']?.[variant];
  if (!key) throw new Error(`${topic} has no customer wording ${variant}`);
  return { topic, key };
};

/** Every customer message a business may word itself, in the order the panel lists them. */
export const TEMPLATE_WORDINGS: readonly TemplateWording[] = [
  c('booking.created', 'main'),
  c('booking.created', 'requested'),
  c('booking.confirmed', 'main'),
  c('booking.reminder', 'main'),
  c('booking.follow_up', 'main'),
  c('booking.rescheduled', 'main'),
  c('booking.cancelled', 'main'),
  c('booking.declined', 'main'),
];

/** The i18n keys of {@link TEMPLATE_WORDINGS}. */
export const TEMPLATE_KEYS: readonly string[] = TEMPLATE_WORDINGS.map((w) => w.key);

/** True for a key the business may word itself. */
export function isTemplateKey(key: string): boolean {
  return TEMPLATE_KEYS.includes(key);
}

/** The wording's short name for forms and URLs (`notify.customer.follow_up` → `follow_up`). */
export function templateName(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}

// `{{ name }}` as i18next reads it (spaces allowed inside the braces).
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a text names, each once, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/** The placeholders `text` names that `allowed` does not have. */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  return placeholdersIn(text).filter((name) => !allowed.includes(name));
}

/** The text with each known placeholder filled in (an unknown one is left as typed). */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/**
 * The default wording of a key in a language, as `locales/` has it, placeholders
 * unfilled. Given by the adapter that holds the translator (the app reads no files).
 */
export type DefaultWording = (language: TemplateLanguage, key: string) => string;
