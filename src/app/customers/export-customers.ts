import type { z } from 'zod';
import { streamSql } from '../../db/sql-stream.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CUSTOMERS_EXPORT } from './customers-sql.ts';
import { customerSearchParams, ListCustomersInput, readSearch, type CustomerListRow } from './list-customers.ts';

/** Input of {@link exportCustomers}: the list's search (text typed, a tag picked). */
export const ExportCustomersInput = ListCustomersInput.pick({ q: true, tag: true });

/** One customer of the export: the list's row and the rest of the card's contact and settings. */
export interface CustomerExportRow extends CustomerListRow {
  email: string | null;
  remindersOff: boolean;
  createdAt: Date;
}

/** An export about to run: how it searched, and its customers as the cursor reads them. */
export interface CustomersExport {
  search: ReturnType<typeof readSearch>;
  rows: AsyncIterable<CustomerExportRow>;
}

/**
 * Every customer the list would show for a search (all pages), in its order, for the
 * CSV download: read through a server-side cursor, so a business with any number of
 * customers streams in constant memory. The input is checked here, before the first row
 * is read: a bad one fails the request, not a download halfway through.
 */
export function exportCustomers(ctx: UseCaseContext, businessId: string, raw: z.input<typeof ExportCustomersInput>): CustomersExport {
  const id = Id.parse(businessId);
  const input = ExportCustomersInput.parse(raw);
  const search = readSearch(input.q, input.tag);
  const params = { ...customerSearchParams(id, search), now: new Date(ctx.now()) };
  async function* rows(): AsyncGenerator<CustomerExportRow> {
    for await (const r of streamSql(emForBusiness(ctx.orm, id), CUSTOMERS_EXPORT, params)) {
      yield {
        id: r.id,
        name: r.name,
        phone: r.phone,
        email: r.email,
        tags: r.tags,
        channels: r.channels,
        visits: Number(r.visits),
        noShows: Number(r.no_shows),
        lastVisit: r.last_visit === null ? null : new Date(r.last_visit),
        blocked: r.blocked,
        remindersOff: r.reminders_off,
        createdAt: new Date(r.created_at),
      };
    }
  }
  return { search, rows: rows() };
}
