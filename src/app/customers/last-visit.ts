import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { LAST_VISIT } from './customers-sql.ts';

/** What a returning customer booked last: enough to offer "Book again: Haircut with Dana". */
export interface LastVisit {
  serviceId: string;
  serviceName: string;
  staffId: string;
  staffName: string;
}

const Row = z.object({ service_id: z.string(), service_name: z.string(), staff_id: z.string(), staff_name: z.string() });

/**
 * The service and specialist of the customer's latest visit so far (started by now;
 * confirmed or completed), or null when they have none, or when that one can no longer
 * be booked the same way (the service withdrawn, the specialist gone or no longer doing it).
 */
export async function lastVisit(ctx: UseCaseContext, businessId: string, rawCustomerId: string): Promise<LastVisit | null> {
  const id = Id.parse(businessId);
  const customerId = Id.parse(rawCustomerId);
  const [row] = await runSql(emForBusiness(ctx.orm, id), LAST_VISIT, { businessId: id, customerId, now: new Date(ctx.now()) });
  if (!row) return null;
  const r = Row.parse(row);
  return { serviceId: r.service_id, serviceName: r.service_name, staffId: r.staff_id, staffName: r.staff_name };
}
