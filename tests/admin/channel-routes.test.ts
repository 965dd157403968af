import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/admin/http-server.ts';
import type { ChannelRequest, ChannelRoute } from '../../src/bots/channels/chat-channel.ts';

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

function serve(routes: ChannelRoute[]): FastifyInstance {
  app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, channelRoutes: routes });
  return app;
}

describe('channel routes mounted by the HTTP layer', () => {
  it('parses a form route’s fields, passes params and headers, and maps each outcome to its status', async () => {
    const seen: ChannelRequest[] = [];
    const route: ChannelRoute = {
      method: 'POST',
      url: '/hook/:slug',
      body: 'form',
      bodyLimit: 1024,
      handle: async (request) => {
        seen.push(request);
        const body = request.body as Record<string, string>;
        if (body['Body'] === 'xml') return { outcome: 'ok', body: '<Response/>', contentType: 'text/xml' };
        return { outcome: body['Body'] as 'forbidden' | 'not_found' | 'bad_request' | 'unauthorized' };
      },
    };
    const server = serve([route]);
    const post = (body: string, type = 'application/x-www-form-urlencoded') => server.inject({ method: 'POST', url: '/hook/demo', headers: { 'content-type': type, 'x-sig': 'abc' }, payload: body });
    const ok = await post('Body=xml&From=%2B77010000001');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/xml/);
    expect(ok.body).toBe('<Response/>');
    expect(seen[0]).toMatchObject({ params: { slug: 'demo' }, body: { Body: 'xml', From: '+77010000001' } });
    expect(seen[0]!.headers['x-sig']).toBe('abc');
    expect((await post('Body=forbidden')).statusCode).toBe(403);
    expect((await post('Body=not_found')).statusCode).toBe(404);
    expect((await post('Body=bad_request')).statusCode).toBe(400);
    const unauthorized = await post('Body=unauthorized');
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.json()).toEqual({ error: 'unauthorized' });
    // A form route takes forms only, and nothing over its limit.
    expect((await post('{"Body":"xml"}', 'application/json')).statusCode).toBe(415);
    expect((await post(`Body=${'x'.repeat(2048)}`)).statusCode).toBe(413);
    expect(seen).toHaveLength(5);
  });

  it('refuses a request its authorize check turns away before the body is read', async () => {
    let handled = 0;
    const server = serve([
      {
        method: 'POST',
        url: '/secret/:id',
        body: 'json',
        bodyLimit: 1024,
        authorize: ({ headers, params }) => headers['x-secret'] === 'right' && params['id'] === '1',
        handle: async () => (handled++, { outcome: 'ok' }),
      },
    ]);
    // Broken JSON: had the body been read, the answer would be 400.
    const forged = await server.inject({ method: 'POST', url: '/secret/1', headers: { 'content-type': 'application/json', 'x-secret': 'wrong' }, payload: '{broken' });
    expect(forged.statusCode).toBe(401);
    expect(handled).toBe(0);
    const fine = await server.inject({ method: 'POST', url: '/secret/1', headers: { 'content-type': 'application/json', 'x-secret': 'right' }, payload: '{}' });
    expect(fine.statusCode).toBe(200);
    expect(fine.json()).toEqual({ ok: true });
    expect(handled).toBe(1);
  });
});
