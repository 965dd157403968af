import { z } from 'zod';
import { LANGUAGES, type Language } from '../../i18n/translator.ts';

/**
 * What every link and form of the page carries along (the state of a visit that is not
 * a step): the language picked, the widget's frame and its host page's origin, and the
 * campaign the visitor came by. Nothing personal: it is written into addresses, which end
 * up in browser history, logs and shared links (the widget's name and phone prefill is
 * kept apart, `booking-page-prefill.ts`).
 */
export interface Carry {
  lang?: Language;
  embed?: '1';
  /** The embedding page's origin: where the booking-created event is posted. */
  origin?: string;
  campaign?: string;
}

const Origin = z
  .string()
  .max(200)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  });

/** A campaign as a booking records it: letters and digits, at most 32 (`spring-sale 2031` → `springsale2031`). */
export function campaignOf(raw: string | undefined): string | undefined {
  const word = (raw ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
  return word === '' ? undefined : word;
}

const CarryQuery = z.object({
  lang: z.enum(LANGUAGES).optional(),
  embed: z.literal('1').optional(),
  origin: Origin.optional(),
  campaign: z.string().max(100).optional(),
  utm_campaign: z.string().max(100).optional(),
});

/** Reads what a request carries (query or form; a form's typed name and phone are not carry); a malformed value → a ZodError (400). */
export function readCarry(source: unknown): Carry {
  const q = CarryQuery.parse(source ?? {});
  const campaign = campaignOf(q.campaign ?? q.utm_campaign);
  const carry: Carry = {};
  if (q.lang) carry.lang = q.lang;
  if (q.embed) carry.embed = q.embed;
  if (q.origin) carry.origin = q.origin;
  if (campaign) carry.campaign = campaign;
  return carry;
}

/** The step of the flow a page address names: service → specialist → day → time. */
export const StepQuery = z.object({
  service: z.uuid().optional(),
  staff: z.union([z.uuid(), z.literal('any')]).optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  date: z.iso.date().optional(),
});
/** A step's address. */
export type StepQuery = z.output<typeof StepQuery>;

/** A URL with the carried state and `params` (empty values left out). */
export function withQuery(pathAndQuery: string, carry: Carry, params: Record<string, string | undefined> = {}): string {
  const [path = '', existing = ''] = pathAndQuery.split('?', 2);
  const query = new URLSearchParams(existing);
  for (const [key, value] of Object.entries({ ...params, ...carry })) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The carried state as hidden form fields. */
export function carryFields(carry: Carry): { name: string; value: string }[] {
  return Object.entries(carry).map(([name, value]) => ({ name, value: String(value) }));
}

/**
 * The query keys a page address may hold: the carry (and `utm_campaign` as it came), the
 * step, and the manage page's signature, notice and month or day. Nothing personal.
 */
const ADDRESS_KEYS: ReadonlySet<string> = new Set(['lang', 'embed', 'origin', 'campaign', 'utm_campaign', 'service', 'staff', 'month', 'date', 't', 'new', 'moved', 'cancelled']);

/**
 * The address of this request again (its path), keeping only the page's own query keys
 * and setting `set`: what the language switcher links to, and where a landing with the
 * widget's prefill is led, never with a name or phone that came in.
 */
export function pageAddress(requestUrl: string, set: Record<string, string> = {}): string {
  const url = new URL(requestUrl, 'http://page');
  const query = new URLSearchParams();
  for (const [key, value] of url.searchParams) if (ADDRESS_KEYS.has(key)) query.append(key, value);
  for (const [key, value] of Object.entries(set)) query.set(key, value);
  const text = query.toString();
  return text ? `${url.pathname}?${text}` : url.pathname;
}
