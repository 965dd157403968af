import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startApiHarness, type ApiHarness } from './api-harness.ts';

let db: TestDatabase;
let h: ApiHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startApiHarness(db.orm, { limits: { readPerMinute: 3, writePerMinute: 2 } });
});
afterAll(async () => {
  await h.close();
  await db.drop();
});

describe('rate limit per key', () => {
  it('counts reads per key with RateLimit-* headers, then answers 429 with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await h.call('GET', '/services', { key: h.keys.read }));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    expect(answers[0]!.headers['ratelimit-limit']).toBe('3');
    expect(Number(answers[0]!.headers['ratelimit-reset'])).toBeGreaterThan(0);
    const refused = answers[3]!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    // Another key of the same business has its own count; the docs are not limited.
    expect((await h.call('GET', '/services', { key: h.keys.write })).statusCode).toBe(200);
    expect((await h.call('GET', '/openapi.json')).statusCode).toBe(200);
  });

  it('counts writes apart, at the write limit', async () => {
    const write = () => h.call('POST', '/customers', { key: h.keys.write, body: { phone: '+380671234000' } });
    expect([(await write()).statusCode, (await write()).statusCode, (await write()).statusCode]).toEqual([200, 200, 429]);
    expect((await write()).headers['ratelimit-limit']).toBe('2');
  });
});

describe('rate limit on failed authentication, per address', () => {
  const from = (remoteAddress: string, authorization?: string) =>
    h.app.inject({ method: 'GET', url: '/api/v1/services', remoteAddress, headers: authorization ? { authorization } : {} });

  it('answers 30 missing or wrong keys a minute with 401, then 429 before any key is looked up; other addresses go on', async () => {
    const answers = [];
    for (let i = 0; i < 30; i += 1) answers.push(await from('203.0.113.7', i % 2 === 0 ? undefined : `Bearer bk_live_wrong${i}`));
    expect(answers.every((a) => a.statusCode === 401)).toBe(true);
    expect(answers[0]!.headers['ratelimit-limit']).toBe('30');
    expect(answers[0]!.headers['ratelimit-remaining']).toBe('29');
    expect(answers[29]!.headers['ratelimit-remaining']).toBe('0');
    expect(Number(answers[0]!.headers['ratelimit-reset'])).toBeGreaterThan(0);

    const refused = await from('203.0.113.7', 'Bearer bk_live_wrong-again');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'too_many_failed_authentications' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    // Even a good key from that address waits: otherwise the 429 would tell keys apart.
    expect((await from('203.0.113.7', `Bearer ${h.keys.read}`)).statusCode).toBe(429);

    // Another address is counted apart; good keys elsewhere are not affected; the docs stay open.
    expect((await from('203.0.113.8')).statusCode).toBe(401);
    expect((await from('203.0.113.8', `Bearer ${h.keys.write}`)).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
  });

  it('does not count requests with a good key', async () => {
    for (let i = 0; i < 35; i += 1) expect((await from('198.51.100.4', `Bearer ${h.keys.write}`)).statusCode).not.toBe(401);
    expect((await from('198.51.100.4')).headers['ratelimit-remaining']).toBe('29');
  });
});
