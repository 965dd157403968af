import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CUSTOMER_TAGS } from './customers-sql.ts';

/** The most tags one customer card carries. */
export const MAX_TAGS = 20;
/** The longest tag. */
export const MAX_TAG_LENGTH = 32;

/**
 * A tag as it is kept: lower case, without the `#` people type, spaces inside as `-`
 * (`VIP ` → `vip`, `Regular client` → `regular-client`), so `tag:` searches find it.
 */
export function normalizeTag(raw: string): string {
  return raw.trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, '-');
}

/**
 * Tags as typed (commas or line breaks between them), normalised and without repeats:
 * at most {@link MAX_TAGS}, each at most {@link MAX_TAG_LENGTH} characters. Messages are
 * keys under `panel.errors`.
 */
export const CustomerTags = z
  .string()
  .max(2000, 'customers_tags_over_limit')
  .transform((text) => [...new Set(text.split(/[,\n]/).map(normalizeTag).filter(Boolean))])
  .pipe(z.array(z.string()).max(MAX_TAGS, 'customers_tags_over_limit').refine((tags) => tags.every((t) => t.length <= MAX_TAG_LENGTH), 'customers_tag_too_long'));

/** Every tag on the business's customer cards, A to Z (for the search's tag list). */
export async function listCustomerTags(ctx: UseCaseContext, businessId: string): Promise<string[]> {
  const id = Id.parse(businessId);
  const rows = await runSql(emForBusiness(ctx.orm, id), CUSTOMER_TAGS, { businessId: id });
  return rows.map((r) => z.object({ tag: z.string() }).parse(r).tag);
}
