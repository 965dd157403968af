import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, ExpenseSchema, StaffMemberSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { bookReportWeek, REPORT_DAYS } from '../../support/report-bookings.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let owner: PanelClient;
let manager: PanelClient;
let base: string;
const range = `from=${REPORT_DAYS.first}&to=${REPORT_DAYS.second}`;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  await bookReportWeek(h.world);
  owner = await h.as('owner');
  manager = await h.as('manager');
  base = `/admin/b/${h.world.business.slug}/reports`;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const em = () => emAcrossBusinesses(db.orm).fork();
/** The text of the element with `id`, tags dropped and spaces squeezed. */
const textOf = (html: string, id: string): string => {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<', start);
  const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(html.indexOf('>', start) + 1, end).replace(/<[^>]*>/g, ' ').replace(/&nbsp;|\u00a0|\u202f/g, ' ').replace(/\s+/g, ' ').trim();
};
const chartJson = (html: string) => JSON.parse(/<script type="application\/json" id="report-chart-data">([^<]*)<\/script>/.exec(html)![1]!) as Record<string, unknown[]>;

describe('reports overview', () => {
  it('counts the bookings of the range: cancelled and no-show apart, revenue of completed and confirmed visits', async () => {
    const response = await manager.get(`${base}?${range}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(textOf(html, 'fig-booked')).toBe('4');
    expect(textOf(html, 'fig-revenue')).toBe('₴1,800');
    // 1 of 5 bookings cancelled; 1 no-show of 2 visits that are over.
    expect(textOf(html, 'fig-cancelled')).toBe('1 (20%)');
    expect(textOf(html, 'fig-no-shows')).toBe('1 (50%)');
    // Customers 1 and 2 came for the first time; customer 4 had come the day before; customer 3 only cancelled.
    expect(textOf(html, 'fig-new')).toBe('2');
    expect(textOf(html, 'fig-returning')).toBe('1');
  });

  it('splits revenue by service and by staff member, and ranks services by booked visits', async () => {
    const html = (await manager.get(`${base}?${range}`)).body;
    expect(textOf(html, 'revenue-services')).toContain('Haircut 4 3 ₴1,800');
    expect(textOf(html, 'revenue-services')).toContain('Consultation 0 0 ₴0');
    expect(textOf(html, 'revenue-staff')).toContain('Specialist 1 2 2 ₴1,200');
    expect(textOf(html, 'revenue-staff')).toContain('Specialist 2 2 1 ₴600');
    expect(textOf(html, 'popularity')).toBe('Haircut — 4 booked Consultation — 0 booked, 1 cancelled');
  });

  it('shades the peak hours by weekday and local hour, and counts channels', async () => {
    const html = (await manager.get(`${base}?${range}`)).body;
    const heatmap = /<table class="heatmap" id="heatmap">[\s\S]*?<\/table>/.exec(html)![0];
    // Hours 10 to 15 (the first and last with a visit), Tuesday 10:00 has two, the busiest.
    expect([...heatmap.matchAll(/<th scope="col">(\d+)<\/th>/g)].map((m) => m[1])).toEqual(['10', '11', '12', '13', '14', '15']);
    const rows = [...heatmap.matchAll(/<tr><th scope="row">[^<]*<\/th>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td class="heat-(\d)">(\d*)<\/td>/g)].map((c) => `${c[1]}:${c[2]}`));
    expect(rows[1]).toEqual(['5:2', '0:', '0:', '0:', '0:', '0:']);
    expect(rows[2]).toEqual(['0:', '3:1', '0:', '0:', '0:', '3:1']);
    expect(rows.filter((_, i) => i !== 1 && i !== 2).flat().every((c) => c === '0:')).toBe(true);
    expect(textOf(html, 'by-source')).toContain('Booked by the team 4');
    expect(textOf(html, 'by-campaign')).toBe('By campaign No campaign 4');
  });

  it('shows staff utilisation against their working hours, hours worked, visits and revenue', async () => {
    const html = (await manager.get(`${base}?${range}`)).body;
    // 09:00–18:00 on both days: 18 h each; 2 booked hours each; staff 1 completed one visit.
    expect(textOf(html, 'staff')).toContain('Specialist 1 11.1% (2 of 18 h) 1 1 ₴1,200 —');
    expect(textOf(html, 'staff')).toContain('Specialist 2 11.1% (2 of 18 h) 0 0 ₴600 —');
  });

  it('puts the chart series into the page as JSON, one value per day', async () => {
    const data = chartJson((await manager.get(`${base}?${range}`)).body);
    expect(data['days']).toEqual([Date.UTC(2031, 2, 4) / 1000, Date.UTC(2031, 2, 5) / 1000]);
    expect(data['booked']).toEqual([2, 2]);
    expect(data['cancelled']).toEqual([1, 0]);
    expect(data['revenue']).toEqual([600, 1200]);
    expect(data['services']).toEqual(['Haircut', 'Consultation']);
  });

  it('reads the last 30 days when no range is given', async () => {
    const response = await manager.get(base);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('value="2031-02-03"');
    expect(response.body).toContain(`value="${REPORT_DAYS.first}"`);
    expect(response.body).toContain('30 days');
  });

  it.each([
    ['an inverted range', `from=${REPORT_DAYS.second}&to=${REPORT_DAYS.first}`, 'The end date is before the start date'],
    ['a range over 366 days', 'from=2030-01-01&to=2031-03-04', 'at most 366 days'],
    ['a date that is no date', 'from=2031-02-30&to=2031-03-04', 'calendar dates'],
    ['garbage', 'from=%3Cscript%3E&to=yesterday', 'calendar dates'],
    ['a repeated field', 'from=2031-03-01&from=2031-03-02', 'calendar dates'],
    ['a year out of reach', 'from=0001-01-01&to=0001-01-02', 'calendar dates'],
  ])('answers %s with 422 and says what is wrong, never 500', async (_name, query, message) => {
    for (const path of ['', '/finance', '/revenue.csv']) {
      const response = await manager.get(`${base}${path}?${query}`);
      expect(response.statusCode, path).toBe(422);
      expect(response.headers['content-type'], path).toMatch(/^text\/html/);
      expect(textOf(response.body, 'report-range-error'), path).toContain(message);
      expect(response.body).not.toContain('<script>');
    }
  });
});

describe('chart assets', () => {
  it('serves uPlot from our own origin, and nothing else of its package', async () => {
    const client = h.client();
    const script = await client.get('/admin/assets/uPlot.iife.min.js');
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('uPlot');
    expect((await client.get('/admin/assets/uPlot.min.css')).statusCode).toBe(200);
    expect((await client.get('/admin/assets/reports.js')).statusCode).toBe(200);
    expect((await client.get('/admin/assets/uPlot.esm.js')).statusCode).toBe(404);
    expect((await client.get('/admin/assets/htmx.min.js')).statusCode).toBe(200);
  });
});

describe('revenue CSV', () => {
  it('streams revenue per day, service and staff member as an attachment, quoting and neutralising formulas', async () => {
    await em().nativeUpdate(StaffMemberSchema, { id: h.world.staff[1]!.id }, { name: '=HYPERLINK("x"), Two' });
    try {
      const response = await manager.get(`${base}/revenue.csv?${range}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="revenue-${REPORT_DAYS.first}-${REPORT_DAYS.second}.csv"`);
      expect(response.body.split('\r\n')).toEqual([
        '\ufeffDate,Service,Staff member,Visits,Revenue (UAH)',
        '2031-03-04,Haircut,Specialist 1,1,600',
        '2031-03-05,Haircut,"\'=HYPERLINK(""x""), Two",1,600',
        '2031-03-05,Haircut,Specialist 1,1,600',
        '',
      ]);
    } finally {
      await em().nativeUpdate(StaffMemberSchema, { id: h.world.staff[1]!.id }, { name: 'Specialist 2' });
    }
  });

  it('is for managers and above: staff get 403', async () => {
    const staff = await h.as('staff');
    expect((await staff.get(`${base}/revenue.csv?${range}`)).statusCode).toBe(403);
  });
});

describe('finance and expenses', () => {
  it('shows money received per way of paying, net of refunds', async () => {
    const html = (await manager.get(`${base}/finance?${range}`)).body;
    expect(textOf(html, 'payment-methods')).toContain('Cash 1 ₴600 ₴0');
    expect(textOf(html, 'payment-methods')).toContain('Card (Stripe) 1 ₴200 ₴100');
  });

  it('an owner records an expense; the profit per day takes it off that day', async () => {
    const page = await owner.get(`${base}/finance?${range}`);
    expect(page.body).toContain('id="expense-form"');
    const saved = await owner.post(`${base}/expenses?${range}`, { category: 'Rent', amount: '500', spentOn: REPORT_DAYS.first, note: 'March' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${base}/finance?${range}&notice=expense_added`);
    const html = (await owner.get(String(saved.headers.location))).body;
    expect(html).toContain('Expense recorded.');
    expect(textOf(html, 'fig-finance-revenue')).toBe('₴1,800');
    expect(textOf(html, 'fig-expenses')).toBe('₴500');
    expect(textOf(html, 'fig-profit')).toBe('₴1,300');
    expect(textOf(html, 'profit')).toContain('Mar 4, 2031 ₴600 ₴500 ₴100');
    expect(textOf(html, 'profit')).toContain('Mar 5, 2031 ₴1,200 ₴0 ₴1,200');
    expect(textOf(html, 'expenses')).toContain('Mar 4, 2031 Rent ₴500 March');
    const stored = await em().find(ExpenseSchema, { business: h.world.business.id });
    expect(stored.map((e) => [e.category, e.amountMinor, e.currency, String(e.spentOn)])).toEqual([['Rent', 50000, 'UAH', REPORT_DAYS.first]]);
    expect(await em().count(AuditEntrySchema, { business: h.world.business.id, action: 'expense.added' })).toBe(1);

    const removed = await owner.post(`${base}/expenses/${stored[0]!.id}/delete?${range}`, {});
    expect(removed.statusCode).toBe(303);
    expect(await em().count(ExpenseSchema, { business: h.world.business.id })).toBe(0);
    // Again: nothing left to delete, still a redirect.
    expect((await owner.post(`${base}/expenses/${stored[0]!.id}/delete?${range}`, {})).statusCode).toBe(303);
  });

  it('refuses a bad expense with the errors beside the fields, keeping what was typed', async () => {
    const response = await owner.post(`${base}/expenses?${range}`, { category: '', amount: 'a lot', spentOn: '2031-02-30', note: 'x' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Enter a category');
    expect(response.body).toContain('Enter an amount such as 1500 or 12.50.');
    expect(response.body).toContain('Enter a date such as 2031-03-05.');
    expect(response.body).toContain('value="a lot"');
    // Finer than the hryvnia's kopecks: refused by the use case, beside the field too.
    const precise = await owner.post(`${base}/expenses?${range}`, { category: 'Rent', amount: '12.345', spentOn: REPORT_DAYS.first });
    expect(precise.statusCode).toBe(422);
    expect(/id="f-amount-error">([^<]*)</.exec(precise.body)?.[1]).toBe('Enter an amount such as 1500 or 12.50.');
    expect(precise.body).toContain('value="12.345"');
    expect(await em().count(ExpenseSchema, { business: h.world.business.id })).toBe(0);
  });

  it('shows a manager the finance page without the expense form, and refuses their posts', async () => {
    const html = (await manager.get(`${base}/finance?${range}`)).body;
    expect(html).not.toContain('id="expense-form"');
    expect((await manager.post(`${base}/expenses?${range}`, { category: 'Rent', amount: '1', spentOn: REPORT_DAYS.first })).statusCode).toBe(403);
  });

  it('deletes only its own business expenses: another business keeps its own', async () => {
    const fork = em();
    const other = fork.create(ExpenseSchema, { business: h.other.business.id, category: 'Theirs', amountMinor: 100, currency: 'UAH', spentOn: REPORT_DAYS.first });
    await fork.flush();
    expect((await owner.post(`${base}/expenses/${other.id}/delete?${range}`, {})).statusCode).toBe(303);
    expect(await em().count(ExpenseSchema, { id: other.id })).toBe(1);
    expect((await owner.get(`${base}/finance?${range}`)).body).not.toContain('Theirs');
  });
});
