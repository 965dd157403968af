import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';

/**
 * Money the business spent (rent, supplies, wages), recorded by its owner or an admin
 * for the reports' profit view: an amount in integer minor units of one currency, on a
 * local calendar day, under a free-text category.
 */
export const ExpenseSchema = defineEntity({
  name: 'Expense',
  tableName: 'expense',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    category: p.string().length(60),
    amountMinor: p.integer(),
    currency: p.string().length(3),
    /** Local calendar date of the business, YYYY-MM-DD. */
    spentOn: p.date(),
    note: p.string().length(500).default(''),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [
    { name: 'expense_amount_nonnegative', expression: 'amount_minor >= 0' },
    { name: 'expense_currency_upper', expression: "currency ~ '^[A-Z]{3}$'" },
  ],
  indexes: [{ name: 'expense_business_spent_idx', properties: ['business', 'spentOn'] }],
});

/** An expense row. */
export type Expense = InferEntity<typeof ExpenseSchema>;
