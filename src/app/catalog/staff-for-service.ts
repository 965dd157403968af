import { z } from 'zod';
import { runSql } from '../../db/sql-statement.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { STAFF_FOR_SERVICE } from './catalog-sql.ts';

/** A specialist as customers see them. */
export interface StaffCard {
  id: string;
  name: string;
}

const StaffRow = z.object({ id: z.string(), name: z.string() });

/** Active specialists who offer a service, in the business's order; none when the service is inactive or unknown. */
export async function staffForService(ctx: UseCaseContext, businessId: string, rawServiceId: string): Promise<StaffCard[]> {
  const serviceId = z.uuid().parse(rawServiceId);
  const id = Id.parse(businessId);
  const rows = await runSql(emForBusiness(ctx.orm, id), STAFF_FOR_SERVICE, { businessId: id, serviceId });
  return rows.map((row) => StaffRow.parse(row));
}
