import { z } from 'zod';
import { BusinessSchema, ExpenseSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { majorToMinor } from '../catalog/currency-amount.ts';
import { majorAmountField } from '../catalog/form-fields.ts';
import { InvalidField } from '../catalog/invalid-field.ts';
import { localDayField } from '../catalog/local-date-time.ts';
import { Id, textField } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/**
 * An expense as typed in the panel: a category (1–60 characters: `Rent`, `Supplies`),
 * an amount ≥ 0 in major units of the business's currency, the local day it was spent
 * (2000–2199) and an optional note. Messages are i18n keys under `panel.errors`.
 */
export const ExpenseInput = z.object({
  category: textField(60, { tooLong: 'reports_category_too_long', required: 'reports_category_required' }),
  amount: majorAmountField('reports_amount_invalid'),
  spentOn: localDayField('reports_date_invalid'),
  note: textField(500, { tooLong: 'reports_note_too_long' }).default(''),
});

/**
 * Records money the business spent, in its own currency, and audits it
 * (`expense.added`). An amount finer than the currency or too large is an
 * {@link InvalidField} on `amount`.
 */
export async function addExpense(ctx: UseCaseContext, businessId: string, actor: Actor, raw: unknown): Promise<{ id: string }> {
  const input = ExpenseInput.parse(raw);
  const id = Id.parse(businessId);
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const business = await em.findOneOrFail(BusinessSchema, { id });
    const amountMinor = majorToMinor(input.amount, business.currency);
    if (typeof amountMinor === 'string') throw new InvalidField('amount', amountMinor === 'amount_too_precise' ? 'reports_amount_invalid' : 'reports_amount_too_large');
    const expense = em.create(ExpenseSchema, { business: id, category: input.category, amountMinor, currency: business.currency, spentOn: input.spentOn, note: input.note });
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'expense.added',
      entityType: 'expense',
      entityId: expense.id,
      details: { category: input.category, amountMinor, currency: business.currency, spentOn: input.spentOn },
    });
    await em.flush();
    return { id: expense.id };
  });
}
