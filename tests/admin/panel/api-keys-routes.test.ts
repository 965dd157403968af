import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { ApiKeySchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let h: PanelHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
});
afterAll(async () => {
  await h.close();
  await db.drop();
});

const page = () => `/admin/b/${h.world.business.slug}/api-keys`;
const keyIn = (html: string) => /value="(bk_live_[A-Za-z0-9_-]+)"/.exec(html)?.[1];

describe('the API keys page', () => {
  it('makes a key and shows it once; the list shows only its prefix, scope and last use; revoking stops it', async () => {
    const admin = await h.as('admin');
    const created = await admin.post(page(), { name: 'Website', scope: 'write' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const key = keyIn(created.body);
    expect(key).toMatch(/^bk_live_/);
    expect(created.body).toContain('Website');

    const api = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, api: { ctx: h.deps.ctx } });
    const services = await api.inject({ method: 'GET', url: '/api/v1/services', headers: { authorization: `Bearer ${key!}` } });
    expect(services.statusCode).toBe(200);

    const list = await admin.get(page());
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key!);
    expect(list.body).toContain(`${key!.slice(0, 16)}…`);
    expect(list.body).toContain('Read and write');
    expect(list.body).not.toContain('>Never<');
    const row = await emForBusiness(db.orm, h.world.business.id).findOneOrFail(ApiKeySchema, { name: 'Website' });

    const revoked = await admin.post(`${page()}/${row.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await api.inject({ method: 'GET', url: '/api/v1/services', headers: { authorization: `Bearer ${key!}` } })).statusCode).toBe(401);
    const after = await admin.get(revoked.headers.location as string);
    expect(after.body).toContain('The key was revoked.');
    expect(after.body).toContain('Revoked');
    await api.close();
  });

  it('refuses a key with no name (422, the error by the field) and lets no manager in', async () => {
    const admin = await h.as('admin');
    const r = await admin.post(page(), { name: ' ', scope: 'read' });
    expect(r.statusCode).toBe(422);
    expect(keyIn(r.body)).toBeUndefined();
    expect(r.body).toContain('f-name-error');
    expect((await (await h.as('manager')).get(page())).statusCode).toBe(403);
  });

  it("does not revoke another business's key (404)", async () => {
    const outsider = await h.as('outsider');
    const made = await outsider.post(`/admin/b/${h.other.business.slug}/api-keys`, { name: 'Theirs', scope: 'read' });
    expect(made.statusCode).toBe(200);
    const theirs = await emForBusiness(db.orm, h.other.business.id).findOneOrFail(ApiKeySchema, { name: 'Theirs' });
    const admin = await h.as('admin');
    expect((await admin.post(`${page()}/${theirs.id}/revoke`, {})).statusCode).toBe(404);
  });
});
