import { z } from 'zod';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { findCustomer } from './customer-record.ts';
import { CustomerPreferences } from './customer-preferences.ts';
import { MAX_TAG_LENGTH, MAX_TAGS, normalizeTag } from './customer-tags.ts';
import { toCustomerView, type CustomerView } from './customer-view.ts';

/** Input of {@link editCustomerCard}: what the team keeps about a customer. Messages are keys under `panel.errors`. */
export const EditCustomerCardInput = z.object({
  customerId: z.string(),
  notes: textField(5000, { tooLong: 'customers_notes_too_long', lines: 'many' }).default(''),
  /** Normalised (lower case, no repeats): at most 20 of at most 32 characters. */
  tags: z
    .array(z.string())
    .transform((tags) => [...new Set(tags.map(normalizeTag).filter(Boolean))])
    .pipe(z.array(z.string()).max(MAX_TAGS, 'customers_tags_over_limit').refine((tags) => tags.every((t) => t.length <= MAX_TAG_LENGTH), 'customers_tag_too_long')),
  preferences: CustomerPreferences,
});

/**
 * The team edits a customer's notes, tags and preferences, audited as
 * `customer.updated` with what changed. A customer of another business is `NotFound`.
 */
export async function editCustomerCard(ctx: UseCaseContext, businessId: string, actor: Actor, raw: z.input<typeof EditCustomerCardInput>): Promise<CustomerView> {
  const input = EditCustomerCardInput.parse(raw);
  return emForBusiness(ctx.orm, businessId).transactional(async (em) => {
    const customer = await findCustomer(em, input.customerId);
    const before = { notes: customer.notes, tags: [...customer.tags], preferences: { ...customer.preferences } };
    customer.notes = input.notes;
    customer.tags = input.tags;
    customer.preferences = input.preferences;
    const changed = Object.keys(before).filter((k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(input[k as keyof typeof before]));
    if (changed.length > 0) {
      recordAudit(em, ctx.now(), { businessId, actor, action: 'customer.updated', entityType: 'customer', entityId: customer.id, details: { changed } });
    }
    await em.flush();
    return toCustomerView(customer);
  });
}
