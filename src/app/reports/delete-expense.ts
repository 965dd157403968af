import { ExpenseSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import { recordAudit } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';

/**
 * Deletes one of the business's expenses and audits it (`expense.deleted`). An id that
 * is malformed, already gone or another business's changes nothing and returns false,
 * so posting the same form twice is harmless.
 */
export async function deleteExpense(ctx: UseCaseContext, businessId: string, actor: Actor, expenseId: string): Promise<boolean> {
  const id = Id.parse(businessId);
  if (!Id.safeParse(expenseId).success) return false;
  return emForBusiness(ctx.orm, id).transactional(async (em) => {
    const expense = await em.findOne(ExpenseSchema, { id: expenseId });
    if (!expense) return false;
    recordAudit(em, ctx.now(), {
      businessId: id,
      actor,
      action: 'expense.deleted',
      entityType: 'expense',
      entityId: expense.id,
      details: { category: expense.category, amountMinor: expense.amountMinor, currency: expense.currency, spentOn: String(expense.spentOn) },
    });
    em.remove(expense);
    await em.flush();
    return true;
  });
}
