import { BusinessSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { NotFound } from '../shared/app-errors.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** How a business looks in the panel and on its booking page. */
export interface BusinessBranding {
  /** `#RRGGBB`: the header, buttons and the current tab. */
  primaryColor: string;
  /** `#RRGGBB`: the line under the tabs and other accents. */
  accentColor: string;
  /** The logo's type (`image/png`, …), or null when the business has none. */
  logoType: string | null;
  /** Changes whenever the business is saved: a link to the logo with it is never stale. */
  version: number;
}

/** A business's colours and whether it has a logo (the logo itself: `businessLogo`). */
export async function businessBranding(ctx: UseCaseContext, businessId: string): Promise<BusinessBranding> {
  const id = Id.parse(businessId);
  const b = await emForBusiness(ctx.orm, id).findOne(BusinessSchema, { id });
  if (!b) throw new NotFound('business');
  return { primaryColor: b.brandPrimaryColor, accentColor: b.brandAccentColor, logoType: b.logoType ?? null, version: b.updatedAt.getTime() };
}
