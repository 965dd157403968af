import { acrossBusinessesSql } from '../db/sql-statement.ts';

const WHICH_BUSINESSES = 'a sweep picks the businesses it then works on one at a time, each scoped';

/** Every business. */
export const ALL_BUSINESSES = acrossBusinessesSql<Record<string, never>, { business_id: string }>(
  'sweeps.all-businesses',
  WHICH_BUSINESSES,
  'select id as business_id from business order by id',
);

/** Businesses with a hold that lapsed, or a freed slot still to offer to the waitlist. */
export const BUSINESSES_WITH_HOLD_WORK = acrossBusinessesSql<{ now: Date }, { business_id: string }>(
  'sweeps.businesses-with-hold-work',
  WHICH_BUSINESSES,
  `select business_id from booking where status = 'held' and hold_expires_at <= :now
   union
   select business_id from booking where waitlist_offer_due`,
);
