import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { readUpload, uploadKeys } from '../shared/uploaded-file-keys.ts';

/** A stored logo: its bytes and the type they were checked to be. */
export interface BusinessLogo {
  data: Buffer;
  type: string;
}

/**
 * The business's logo, or null when it has none (the column is lazy: only this read
 * loads it); from object storage when the row keeps no bytes.
 */
export async function businessLogo(ctx: UseCaseContext, businessId: string): Promise<BusinessLogo | null> {
  const id = Id.parse(businessId);
  const b = await emForBusiness(ctx.orm, id).findOne(BusinessSchema, { id }, { fields: ['id', 'logo', 'logoType'] });
  if (!b?.logoType) return null;
  const data = await readUpload(ctx, uploadKeys.logo(id), b.logo);
  return data ? { data, type: b.logoType } : null;
}
