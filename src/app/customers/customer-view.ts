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
