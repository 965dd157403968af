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
