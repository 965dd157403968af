import { z } from 'zod';
import { LANGUAGES, type Language } from '../../i18n/translator.ts';

/**
 * What every link and form of the page carries along (the state of a visit that is not
 * a step): the language picked, the widget's frame and its host page's origin, what
 * the host page prefilled, and the campaign the visitor came by.
 */
export interface Carry {
  lang?: Language;
  embed?: '1';
  /** The embedding page's origin: where the booking-created event is posted. */
  origin?: string;
  name?: string;
  phone?: string;
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
  name: z.string().trim().max(100).optional(),
  phone: z.string().trim().max(32).optional(),
  campaign: z.string().max(100).optional(),
  utm_campaign: z.string().max(100).optional(),
});

/** Reads what a request carries (query or form); a malformed value → a ZodError (400). */
export function readCarry(source: unknown): Carry {
  const q = CarryQuery.parse(source ?? {});
  const campaign = campaignOf(q.campaign ?? q.utm_campaign);
  const carry: Carry = {};
  if (q.lang) carry.lang = q.lang;
  if (q.embed) carry.embed = q.embed;
  if (q.origin) carry.origin = q.origin;
  if (q.name) carry.name = q.name;
  if (q.phone) carry.phone = q.phone;
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
