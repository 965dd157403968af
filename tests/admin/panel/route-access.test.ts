import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelRoutes } from '../../../src/admin/panel/panel-routes.ts';
import type { PanelAccess } from '../../../src/admin/panel/panel-access.ts';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../../../src/db/entities/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { ACTORS, startPanelHarness, type PanelClient, type PanelHarness, type TestActor } from '../../support/panel-harness.ts';
import type { AccessEntry, AccessTable, ExpectedAccess } from './access/access-entry.ts';

// Every area's table (tests/admin/panel/access/*.ts), read at collection time.
const dir = new URL('./access/', import.meta.url);
const tables: AccessTable[] = [];
for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts') && f !== 'access-entry.ts').sort()) {
  const mod = (await import(new URL(file, dir).href)) as { table: AccessTable };
  tables.push(mod.table);
}
const entries: AccessEntry[] = tables.flatMap((t) => t.entries);

let db: TestDatabase;
let h: PanelHarness;
let ids: Record<string, string> = {};
const clients = new Map<TestActor, PanelClient>();

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  for (const t of tables) if (t.prepare) ids = { ...ids, ...(await t.prepare(h, db.orm)) };
  for (const actor of ACTORS) clients.set(actor, await h.as(actor));
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

function declared(access: PanelAccess): ExpectedAccess {
  return access.kind === 'business' ? access.minRole : access.kind;
}

function allowed(actor: TestActor, expected: ExpectedAccess): 'yes' | 'sign_in' | 'not_found' | 'forbidden' {
  if (expected === 'public') return 'yes';
  if (actor === 'anonymous') return 'sign_in';
  if (expected === 'signed_in') return 'yes';
  if (actor === 'outsider') return 'not_found';
  const rank = (r: MembershipRole) => MEMBERSHIP_ROLES.indexOf(r);
  return rank(actor) <= rank(expected) ? 'yes' : 'forbidden';
}

describe('panel route access', () => {
  it('every route has exactly one entry in the access tables, with the access the route declares', () => {
    const routes = panelRoutes(h.deps).map((r) => ({ key: `${r.method} ${r.url}`, access: declared(r.access) }));
    const keys = entries.map((e) => e.route);
    expect(new Set(keys).size, 'duplicate entries').toBe(keys.length);
    for (const route of routes) {
      const entry = entries.find((e) => e.route === route.key);
      expect(entry, `no access-table entry for ${route.key}`).toBeDefined();
      expect(route.access, route.key).toBe(entry?.access);
    }
    expect(keys.filter((k) => !routes.some((r) => r.key === k)), 'entries for routes that do not exist').toEqual([]);
  });

  it.each(entries.map((e) => [e.route, e] as const))('%s answers each actor by role and business', async (_route, entry) => {
    const [method, path] = entry.route.split(' ') as ['GET' | 'POST', string];
    const url = entry.url ? entry.url(h, ids) : `/admin${path.replace(':slug', h.world.business.slug)}`;
    for (const actor of ACTORS) {
      const client = entry.fresh ? await h.as(actor) : clients.get(actor)!;
      const response = method === 'GET' ? await client.get(url) : await client.post(url, entry.form?.(h, ids) ?? {});
      const expected = allowed(actor, entry.access);
      const label = `${entry.route} as ${actor}: ${response.statusCode} ${String(response.headers.location ?? '')}`;
      if (expected === 'sign_in') {
        expect(response.statusCode, label).toBe(303);
        expect(String(response.headers.location), label).toMatch(/^\/admin\/sign-in/);
      } else if (expected === 'not_found') {
        expect(response.statusCode, label).toBe(404);
      } else if (expected === 'forbidden') {
        expect(response.statusCode, label).toBe(403);
      } else {
        expect([403, 500], label).not.toContain(response.statusCode);
        // A member's business route finds its business; a public route may send anyone to sign in.
        if (entry.access !== 'public' && entry.access !== 'signed_in') expect(response.statusCode, label).not.toBe(404);
        if (entry.access !== 'public') expect(String(response.headers.location ?? ''), label).not.toMatch(/^\/admin\/sign-in/);
      }
    }
  });

  it('a business route for a business that does not exist answers 404, like one that is not yours', async () => {
    const owner = clients.get('owner')!;
    expect((await owner.get('/admin/b/no-such-business')).statusCode).toBe(404);
    expect((await owner.get(`/admin/b/${h.other.business.slug}`)).statusCode).toBe(404);
  });
});
