import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { auditRow } from '../shared/record-audit.ts';
import type { Actor, UseCaseContext } from '../shared/use-case-context.ts';
import { RENAME_CUSTOMER } from './customers-sql.ts';
import { customerViewFromColumns, type CustomerView } from './customer-view.ts';
import { UpdateCustomerInput } from './update-customer.ts';


/**
 * A customer gives their name in a chat's checkout: `updateCustomer` for the name
 * alone, in one statement (`RENAME_CUSTOMER`) instead of a unit of work — the name, and
 * its audit entry when it changed, written together. Returns the card after the change.
 */
export async function renameCustomer(ctx: UseCaseContext, businessId: string, actor: Actor, raw: { customerId: string; name: string }): Promise<CustomerView> {
  const input = UpdateCustomerInput.required({ name: true }).pick({ customerId: true, name: true }).parse(raw);
  const audit = auditRow(ctx.now(), { businessId, actor, action: 'customer.updated', entityType: 'customer', entityId: input.customerId, details: { changed: ['name'] } });
  const [row] = await runSql(emForBusiness(ctx.orm, businessId), RENAME_CUSTOMER, { businessId, customerId: input.customerId, name: input.name, audit: JSON.stringify(audit) });
  if (!row) throw new NotFound('customer');
  return { ...customerViewFromColumns(row), name: input.name };
}
