import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingSchema, ChannelIdentitySchema, CustomerSchema, type Channel } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelClient, type PanelHarness } from '../../support/panel-harness.ts';
import { readCsv } from '../../support/read-csv.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;
let manager: PanelClient;
let base: string;

const HEADER = ['id', 'name', 'phone', 'email', 'tags', 'channels', 'visits', 'no_shows', 'last_visit', 'blocked', 'reminders_off', 'created_at'];
const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';
const em = () => emForBusiness(db.orm, h.world.business.id);

type Visit = { day: number; status: 'completed' | 'no_show' | 'confirmed' | 'cancelled'; time?: string };

/** A customer with chat identities and bookings on the given days (offsets from the world's booking day). */
async function makeCustomer(fields: { name: string; phone: string | null; email?: string; tags?: string[]; blocked?: boolean; remindersOff?: boolean }, channels: Channel[], visits: Visit[]) {
  const fork = em();
  const w = h.world;
  const customer = fork.create(CustomerSchema, { business: w.business.id, tags: [], ...fields });
  for (const channel of channels) fork.create(ChannelIdentitySchema, { business: w.business.id, channel, externalId: `${channel}-${fields.name}`, customer });
  for (const v of visits) {
    const from = new Date(w.at(v.time ?? '10:00', v.day));
    const until = new Date(from.getTime() + 3_600_000);
    fork.create(BookingSchema, {
      business: w.business.id,
      service: w.haircut.id,
      staffMember: w.staff[0]!.id,
      customer,
      startsAt: from,
      endsAt: until,
      blockedFrom: from,
      blockedUntil: until,
      status: v.status,
      priceMinor: 60000,
      currency: 'UAH',
      source: 'telegram',
    });
  }
  await fork.flush();
  return customer.id;
}

/** The CSV row the database says a customer should have, worked out here from the rows themselves. */
async function expectedRow(id: string): Promise<string[]> {
  const fork = em();
  const c = await fork.findOneOrFail(CustomerSchema, { id });
  const identities = await fork.find(ChannelIdentitySchema, { customer: id });
  const bookings = await fork.find(BookingSchema, { customer: id });
  const now = h.world.clock.now();
  const visited = bookings.filter((b) => (b.status === 'confirmed' || b.status === 'completed') && b.startsAt.getTime() <= now);
  const last = visited.length === 0 ? null : Math.max(...visited.map((b) => b.startsAt.getTime()));
  return [
    c.id,
    c.name.startsWith('=') ? `'${c.name}` : c.name,
    c.phone ?? '',
    c.email ?? '',
    c.tags.join(', '),
    [...new Set(identities.map((i) => i.channel))].sort().join(', '),
    String(bookings.filter((b) => b.status === 'completed').length),
    String(bookings.filter((b) => b.status === 'no_show').length),
    last === null ? '' : DateTime.fromMillis(last, { zone: 'Europe/Kyiv' }).toISODate()!,
    c.blocked ? 'yes' : 'no',
    c.remindersOff ? 'yes' : 'no',
    c.createdAt.toISOString(),
  ];
}

async function download(query = '') {
  const response = await manager.get(`${base}.csv${query}`);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return { response, rows: readCsv(response.body) };
}

let formulaId: string;
let olenaId: string;
let spacedId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  manager = await h.as('manager');
  base = `/admin/b/${h.world.business.slug}/customers`;
  formulaId = await makeCustomer({ name: FORMULA_NAME, phone: '+380501112233', email: 'eq@example.com', tags: ['vip', 'late'], blocked: true, remindersOff: true }, ['telegram', 'sms'], [
    { day: -3, status: 'completed' },
    { day: -10, status: 'no_show' },
    { day: -1, status: 'cancelled' },
    { day: 2, status: 'confirmed' },
  ]);
  olenaId = await makeCustomer({ name: 'Олена Коваль', phone: '+380509998877', tags: ['vip'] }, ['whatsapp'], [{ day: -5, status: 'completed', time: '12:00' }]);
  spacedId = await makeCustomer({ name: ' Ann, "the" boss ', phone: null }, [], []);
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

describe('customers CSV', () => {
  it('writes every customer of the business as the database has them, formulas defused and Cyrillic intact', async () => {
    const { response, rows } = await download();
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="customers-${h.world.business.slug}.csv"`);
    expect(response.body.startsWith('\uFEFFid,name,')).toBe(true);
    expect(response.body.endsWith('\r\n')).toBe(true);
    expect(response.body).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",+380501112233,`);
    expect(response.body).toContain(',Олена Коваль,+380509998877,');
    expect(rows[0]).toEqual(HEADER);
    const body = rows.slice(1);
    const stored = await em().find(CustomerSchema, {});
    expect(stored.length).toBe(h.world.customers.length + 3);
    expect(body.map((r) => r[0]).sort()).toEqual(stored.map((c) => c.id).sort());
    for (const row of body) expect(row).toEqual(await expectedRow(row[0]!));
    // The three made here, spelled out once (the helper above must not be the only judge).
    const byId = new Map(body.map((r) => [r[0], r]));
    expect(byId.get(formulaId)!.slice(1, 11)).toEqual([`'${FORMULA_NAME}`, '+380501112233', 'eq@example.com', 'vip, late', 'sms, telegram', '1', '1', DateTime.fromMillis(h.world.at('10:00', -3), { zone: 'Europe/Kyiv' }).toISODate(), 'yes', 'yes']);
    expect(byId.get(olenaId)!.slice(1, 11)).toEqual(['Олена Коваль', '+380509998877', '', 'vip', 'whatsapp', '1', '0', DateTime.fromMillis(h.world.at('12:00', -5), { zone: 'Europe/Kyiv' }).toISODate(), 'no', 'no']);
    expect(byId.get(spacedId)!.slice(1, 11)).toEqual([' Ann, "the" boss ', '', '', '', '', '0', '0', '', 'no', 'no']);
    // In the list's order, and nobody of the other business.
    const list = await manager.get(base);
    const listed = [...list.body.matchAll(new RegExp(`href="${base}/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]);
    expect(body.map((r) => r[0])).toEqual(listed);
    for (const other of h.other.customers) expect(response.body).not.toContain(other);
  });

  it('searches like the list: a name part in any case, a phone typed any way, a tag', async () => {
    const ids = async (query: string) => (await download(query)).rows.slice(1).map((r) => r[0]);
    expect(await ids(`?q=${encodeURIComponent('олЕНА')}`)).toEqual([olenaId]);
    expect(await ids(`?q=${encodeURIComponent('050 111-22')}`)).toEqual([formulaId]);
    expect((await ids('?q=tag:VIP')).sort()).toEqual([formulaId, olenaId].sort());
    expect((await ids('?tag=vip')).sort()).toEqual([formulaId, olenaId].sort());
    expect(await ids('?q=nobody-at-all')).toEqual([]);
    expect((await download('?q=nobody-at-all')).response.body).toBe(`\uFEFF${HEADER.join(',')}\r\n`);
  });

  it('is linked from the list with its search; refused to staff (403); an oversized tag is 400', async () => {
    const page = await manager.get(`${base}?q=${encodeURIComponent('Олена')}&tag=vip`);
    expect(page.body).toContain(`href="${base}.csv?q=${encodeURIComponent('Олена')}&amp;tag=vip" download`);
    expect((await manager.get(base)).body).toContain(`href="${base}.csv" download`);
    const staff = await h.as('staff');
    expect((await staff.get(`${base}.csv`)).statusCode).toBe(403);
    expect((await manager.get(`${base}.csv?tag=${'x'.repeat(65)}`)).statusCode).toBe(400);
    expect((await manager.get(`${base}.csv?q=a&q=b`)).statusCode).toBe(200);
  });
});
