import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../../src/app/api-keys/authenticate-api-key.ts';
import { createApiKey } from '../../../src/app/api-keys/create-api-key.ts';
import { claimIdempotencyKey, IDEMPOTENCY_TTL_MS, releaseIdempotencyKey, saveIdempotentAnswer } from '../../../src/app/api-keys/idempotent-request.ts';
import { listApiKeys } from '../../../src/app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../../src/app/api-keys/revoke-api-key.ts';
import { ApiKeySchema, UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { NotFound } from '../../../src/app/shared/app-errors.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
let w: BookingWorld;
let other: BookingWorld;
let userId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  w = await makeBookingWorld(db.orm);
  other = await makeBookingWorld(db.orm);
  const em = emAcrossBusinesses(db.orm);
  const user = em.create(UserSchema, { email: `keys-${w.business.slug}@example.com`, name: 'Keys', passwordHash: 'x' });
  await em.flush();
  userId = user.id;
});
afterAll(async () => db.drop());

describe('API keys', () => {
  it('returns the key once, stores only its hash, and authenticates it to its business and scope', async () => {
    const created = await createApiKey(w.ctx, w.business.id, userId, { name: ' CRM ', scope: 'read' });
    expect(created.plainKey).toMatch(/^bk_live_[A-Za-z0-9_-]{43}$/);
    expect(created.plainKey.startsWith(created.apiKey.prefix)).toBe(true);
    const row = await emAcrossBusinesses(db.orm).findOneOrFail(ApiKeySchema, { id: created.apiKey.id });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.plainKey);
    expect(row.name).toBe('CRM');
    expect(await authenticateApiKey(w.ctx, created.plainKey)).toEqual({ keyId: created.apiKey.id, businessId: w.business.id, scope: 'read' });
    expect(await authenticateApiKey(w.ctx, `${created.plainKey}x`)).toBeNull();
    expect(await authenticateApiKey(w.ctx, 'Bearer nonsense')).toBeNull();
  });

  it('records the last use at most once a minute', async () => {
    const { apiKey, plainKey } = await createApiKey(w.ctx, w.business.id, userId, { name: 'Site', scope: 'write' });
    const lastUsed = async () => (await listApiKeys(w.ctx, w.business.id)).find((k) => k.id === apiKey.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await authenticateApiKey(w.ctx, plainKey);
    const first = w.clock.now();
    expect(await lastUsed()).toBe(first);
    w.clock.advanceMinutes(0.5);
    await authenticateApiKey(w.ctx, plainKey);
    expect(await lastUsed()).toBe(first);
    w.clock.advanceMinutes(1);
    await authenticateApiKey(w.ctx, plainKey);
    expect(await lastUsed()).toBe(w.clock.now());
    w.clock.reset();
  });

  it('revokes a key of its own business only; a revoked key no longer authenticates', async () => {
    const { apiKey, plainKey } = await createApiKey(w.ctx, w.business.id, userId, { name: 'Old', scope: 'write' });
    await expect(revokeApiKey(other.ctx, other.business.id, userId, apiKey.id)).rejects.toBeInstanceOf(NotFound);
    expect(await authenticateApiKey(w.ctx, plainKey)).not.toBeNull();
    const revoked = await revokeApiKey(w.ctx, w.business.id, userId, apiKey.id);
    expect(revoked.revokedAt).toBe(w.clock.now());
    expect(await authenticateApiKey(w.ctx, plainKey)).toBeNull();
    expect((await listApiKeys(other.ctx, other.business.id)).map((k) => k.id)).not.toContain(apiKey.id);
  });

  it('refuses a blank name and an unknown scope', async () => {
    await expect(createApiKey(w.ctx, w.business.id, userId, { name: '  ', scope: 'read' })).rejects.toThrow();
    await expect(createApiKey(w.ctx, w.business.id, userId, { name: 'x', scope: 'admin' as 'read' })).rejects.toThrow();
  });
});

describe('idempotency records', () => {
  const request = { key: 'order-1', route: 'POST /api/v1/bookings', requestHash: 'a'.repeat(64) };

  it('lets one request claim a key, replays its answer, tells a different request apart, and frees the key after a day', async () => {
    const claims = await Promise.all([claimIdempotencyKey(w.ctx, w.business.id, request), claimIdempotencyKey(w.ctx, w.business.id, request)]);
    expect(claims.map((c) => c.kind).sort()).toEqual(['claimed', 'in_progress']);
    const claimed = claims.find((c) => c.kind === 'claimed') as { id: string };
    await saveIdempotentAnswer(w.ctx, w.business.id, claimed.id, { status: 201, body: '{"id":1}' });
    expect(await claimIdempotencyKey(w.ctx, w.business.id, request)).toEqual({ kind: 'replay', status: 201, body: '{"id":1}' });
    expect(await claimIdempotencyKey(w.ctx, w.business.id, { ...request, requestHash: 'b'.repeat(64) })).toEqual({ kind: 'mismatch' });
    // Keys are per business.
    expect((await claimIdempotencyKey(other.ctx, other.business.id, request)).kind).toBe('claimed');
    w.clock.set(w.clock.now() + IDEMPOTENCY_TTL_MS + 1);
    expect((await claimIdempotencyKey(w.ctx, w.business.id, { ...request, requestHash: 'b'.repeat(64) })).kind).toBe('claimed');
    w.clock.reset();
  });

  it('frees a released claim for a retry', async () => {
    const first = await claimIdempotencyKey(w.ctx, w.business.id, { ...request, key: 'order-2' });
    expect(first.kind).toBe('claimed');
    await releaseIdempotencyKey(w.ctx, w.business.id, (first as { id: string }).id);
    expect((await claimIdempotencyKey(w.ctx, w.business.id, { ...request, key: 'order-2' })).kind).toBe('claimed');
  });
});
