import { z } from 'zod';
import type { Customer } from '../../db/entities/index.ts';

/** A customer as use cases return it. */
export interface CustomerView {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  locale: string | null;
  notes: string;
  tags: string[];
  preferences: Record<string, unknown>;
  noShowCount: number;
  blocked: boolean;
}

/** The plain-data view of a customer row (copies, so callers cannot change the entity). */
export function toCustomerView(c: Customer): CustomerView {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone ?? null,
    email: c.email ?? null,
    locale: c.locale ?? null,
    notes: c.notes,
    tags: [...c.tags],
    preferences: { ...c.preferences },
    noShowCount: c.noShowCount,
    blocked: c.blocked,
  };
}

/** A customer card's columns as hand-written SQL selects them (`CUSTOMER_CARD_COLUMNS`). */
export const CustomerCardColumns = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  notes: z.string(),
  tags: z.array(z.string()),
  preferences: z.record(z.string(), z.unknown()),
  no_show_count: z.number().int(),
  blocked: z.boolean(),
});

/** The view of a card read by {@link CustomerCardColumns}. */
export function customerViewFromColumns(raw: unknown): CustomerView {
  const { no_show_count: noShowCount, ...card } = CustomerCardColumns.parse(raw);
  return { ...card, noShowCount };
}
