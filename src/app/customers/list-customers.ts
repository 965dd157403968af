import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CUSTOMER_PAGE } from './customers-sql.ts';
import { normalizeTag } from './customer-tags.ts';

/** Customers per page of the list. */
export const CUSTOMERS_PER_PAGE = 50;
/** The longest search text read; the rest is cut off (a search box, not a document). */
export const SEARCH_MAX = 100;

/** Input of {@link listCustomers}: what was typed in the search box, a tag picked, the page (from 1). */
export const ListCustomersInput = z.object({
  q: z.string().default('').transform((q) => q.slice(0, SEARCH_MAX)),
  tag: z.string().max(64).default(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).optional(),
});

/** One customer in the list: who, how to reach them, how they stand. */
export interface CustomerListRow {
  id: string;
  name: string;
  phone: string | null;
  tags: string[];
  /** The chat channels they have written from (`telegram`, `sms`…). */
  channels: string[];
  /** Completed visits. */
  visits: number;
  noShows: number;
  /** The start of their latest visit so far (confirmed or completed), if any. */
  lastVisit: Date | null;
  blocked: boolean;
}

/** A page of the customer list and how it was searched. */
export interface CustomerListPage {
  rows: CustomerListRow[];
  page: number;
  hasNext: boolean;
  /** What the search looked for: a name part, phone digits, a tag (each null when not searched). */
  search: { name: string | null; phoneDigits: string | null; tag: string | null };
}

/** How a search text is read: `tag:vip` words pick a tag; text that is mostly digits is a phone; the rest a name. */
export function readSearch(q: string, tagPicked: string): CustomerListPage['search'] {
  let tag = normalizeTag(tagPicked) || null;
  const words: string[] = [];
  for (const word of q.trim().split(/\s+/).filter(Boolean)) {
    const m = /^tag:(.+)$/i.exec(word);
    if (m) tag = normalizeTag(m[1]!) || tag;
    else words.push(word);
  }
  const text = words.join(' ');
  const digits = text.replace(/\D/g, '');
  // A number typed any way: +7 (701) 123-45-67, 0671000000, 701 123.
  if (digits.length >= 3 && /^[\d\s()+\-./]+$/.test(text)) return { name: null, phoneDigits: digits, tag };
  return { name: text === '' ? null : text, phoneDigits: null, tag };
}

// LIKE treats % and _ as wildcards and \ as the escape: a typed one means itself.
function likeText(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The SQL parameters of a search as {@link readSearch} read it (the list and its export share them). */
export function customerSearchParams(businessId: string, search: CustomerListPage['search']) {
  return {
    businessId,
    namePattern: search.name === null ? null : `%${likeText(search.name.toLowerCase())}%`,
    phoneDigits: search.phoneDigits === null ? null : `%${search.phoneDigits}%`,
    tag: search.tag,
  };
}

const Row = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  blocked: z.boolean(),
  channels: z.array(z.string()),
  visits: z.coerce.number(),
  no_shows: z.coerce.number(),
  last_visit: z.coerce.date().nullable(),
});

/**
 * The business's customers by name, a page at a time, searched by a part of the name
 * (any case), a phone number typed any way (its digits, anywhere in the number), or a
 * tag. An empty search lists everyone.
 */
export async function listCustomers(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ListCustomersInput>): Promise<CustomerListPage> {
  const id = Id.parse(businessId);
  const input = ListCustomersInput.parse(raw);
  const search = readSearch(input.q, input.tag);
  const page = input.page ?? 1;
  const rows = await runSql(emForBusiness(ctx.orm, id), CUSTOMER_PAGE, {
    ...customerSearchParams(id, search),
    now: new Date(ctx.now()),
    limit: CUSTOMERS_PER_PAGE + 1,
    offset: (page - 1) * CUSTOMERS_PER_PAGE,
  });
  const parsed = rows.slice(0, CUSTOMERS_PER_PAGE).map((raw) => {
    const r = Row.parse(raw);
    return { id: r.id, name: r.name, phone: r.phone, tags: r.tags, channels: r.channels, visits: r.visits, noShows: r.no_shows, lastVisit: r.last_visit, blocked: r.blocked };
  });
  return { rows: parsed, page, hasNext: rows.length > CUSTOMERS_PER_PAGE, search };
}
