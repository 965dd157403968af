import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/admin/http-server.ts';

describe('GET /ready', () => {
  it('is ready when the database answers, and tells how the bots stand without naming them', async () => {
    const bots = { connected: 2, connecting: 1, failing: 1 };
    const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, channelReadiness: () => bots });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: 'ok', bots: { connected: 2, connecting: 1, failing: 1 } });
    await app.close();
  });

  it('is not ready without the database', async () => {
    const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => false });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', database: 'unreachable', bots: { connected: 0, connecting: 0, failing: 0 } });
    await app.close();
  });
});
