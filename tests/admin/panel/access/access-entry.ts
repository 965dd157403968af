import type { MikroORM } from '@mikro-orm/postgresql';
import type { MembershipRole } from '../../../../src/db/entities/index.ts';
import type { PanelHarness } from '../../../support/panel-harness.ts';

/** Who a route expects: anyone, any signed-in user, or a member of the business with at least a role. */
export type ExpectedAccess = 'public' | 'signed_in' | MembershipRole;

/**
 * One route's entry in the access table: written by hand, independent of the code's
 * own declaration, so a route whose declared access drifts (or a new route with no
 * entry) fails the route-access test.
 */
export interface AccessEntry {
  /** `GET /b/:slug/services`, as the route is registered (relative to /admin). */
  route: string;
  access: ExpectedAccess;
  /** The concrete URL to call (default: the route with `:slug` filled in). `ids` come from the file's `prepare`. */
  url?: (h: PanelHarness, ids: Record<string, string>) => string;
  /** A form to post: make it harmless (invalid or idempotent), since every allowed actor sends it. */
  form?: (h: PanelHarness, ids: Record<string, string>) => Record<string, string>;
  /** Call with a newly signed-in client (for routes that end the session). */
  fresh?: boolean;
}

/** An area's access table, with the objects its URLs need. */
export interface AccessTable {
  entries: AccessEntry[];
  prepare?: (h: PanelHarness, orm: MikroORM) => Promise<Record<string, string>>;
}
