import { runPreparedSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CUSTOMER_CARD } from './customers-sql.ts';
import { customerViewFromColumns, type CustomerView } from './customer-view.ts';

/** One customer card, or `NotFound`: one prepared statement (the chat reads it after every hold). */
export async function customerCard(ctx: UseCaseContext, businessId: string, rawCustomerId: string): Promise<CustomerView> {
  const [row] = await runPreparedSql(emForBusiness(ctx.orm, businessId), CUSTOMER_CARD, { businessId, customerId: Id.parse(rawCustomerId) });
  if (!row) throw new NotFound('customer');
  return customerViewFromColumns(row);
}
