import { MessageTemplateSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** A business's templates: text by `language` then key. */
export type TemplateSet = ReadonlyMap<string, ReadonlyMap<string, string>>;

const EMPTY: TemplateSet = new Map();
// Businesses remembered per process; the oldest is forgotten past this many.
const MAX_BUSINESSES = 500;

// businessId → its templates as of its `message_templates_changed_at` stamp. Keyed by
// that stamp, an entry can never be stale: a change anywhere (another process too)
// moves the stamp, which every booking's notification reads with the booking anyway.
const cache = new Map<string, { stamp: number; templates: TemplateSet }>();

/**
 * The business's message templates for a notification. `stamp` is the business's
 * `messageTemplatesChangedAt` (epoch ms; null: it never had templates — no query at
 * all). One query loads all of a business's templates (at most a few dozen rows) when
 * the stamp moved; every other notification is served from memory.
 */
export async function businessTemplates(ctx: UseCaseContext, businessId: string, stamp: number | null): Promise<TemplateSet> {
  if (stamp === null) return EMPTY;
  const hit = cache.get(businessId);
  if (hit && hit.stamp === stamp) return hit.templates;
  const rows = await emForBusiness(ctx.orm, businessId).find(MessageTemplateSchema, { business: businessId }, { fields: ['key', 'language', 'body'] });
  const templates = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const byKey = templates.get(row.language) ?? new Map<string, string>();
    byKey.set(row.key, row.body);
    templates.set(row.language, byKey);
  }
  cache.delete(businessId);
  if (cache.size >= MAX_BUSINESSES) cache.delete(cache.keys().next().value ?? '');
  cache.set(businessId, { stamp, templates });
  return templates;
}
