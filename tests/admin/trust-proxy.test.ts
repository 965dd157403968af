import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpServer, type TrustProxy } from '../../src/admin/http-server.ts';
import { describeConfigIssues, parseConfig } from '../../src/config.ts';

/** The app as main.ts builds it, plus a route (test only) that says which client address it saw. */
function appTrusting(trustProxy: TrustProxy | undefined) {
  const app = buildHttpServer({ logger: pino({ level: 'silent' }), isDatabaseReachable: async () => true, ...(trustProxy === undefined ? {} : { trustProxy }) });
  app.get('/test-only/client-ip', async (request) => ({ ip: request.ip }));
  return app;
}

async function clientIp(trustProxy: TrustProxy | undefined, remoteAddress: string, forwardedFor: string): Promise<string> {
  const app = appTrusting(trustProxy);
  try {
    const response = await app.inject({ method: 'GET', url: '/test-only/client-ip', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
    return (response.json() as { ip: string }).ip;
  } finally {
    await app.close();
  }
}

describe('trustProxy (TRUST_PROXY)', () => {
  it.each<[string, TrustProxy | undefined, string, string, string]>([
    ['by default no proxy is trusted: the header is ignored', undefined, '198.51.100.9', '203.0.113.7', '198.51.100.9'],
    ['false ignores the header', false, '10.0.0.2', '203.0.113.7', '10.0.0.2'],
    ['true honours it', true, '10.0.0.2', '203.0.113.7', '203.0.113.7'],
    ['one hop takes the address the proxy added', 1, '10.0.0.2', '198.51.100.1, 203.0.113.7', '203.0.113.7'],
    ['two hops skip both proxies, not what the client wrote first', 2, '10.0.0.2', '6.6.6.6, 198.51.100.1, 10.0.0.9', '198.51.100.1'],
    ['a trusted proxy range honours it', ['10.0.0.0/8'], '10.0.0.2', '203.0.113.7', '203.0.113.7'],
    ['a peer outside the trusted range is not believed', ['10.0.0.0/8'], '192.0.2.5', '203.0.113.7', '192.0.2.5'],
    ['a named range (loopback) works too', ['loopback'], '127.0.0.1', '203.0.113.7', '203.0.113.7'],
  ])('%s', async (_name, trustProxy, remoteAddress, forwardedFor, expected) => {
    expect(await clientIp(trustProxy, remoteAddress, forwardedFor)).toBe(expected);
  });

  it('takes TRUST_PROXY as the configuration parses it', async () => {
    const config = parseConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }, '/srv');
    if (!config.ok) throw new Error(describeConfigIssues(config.issues));
    expect(await clientIp(config.config.trustProxy, '10.1.2.3', '203.0.113.7')).toBe('203.0.113.7');
    expect(await clientIp(config.config.trustProxy, '192.0.2.5', '203.0.113.7')).toBe('192.0.2.5');
    const unset = parseConfig({}, '/srv');
    if (!unset.ok) throw new Error(describeConfigIssues(unset.issues));
    expect(await clientIp(unset.config.trustProxy, '10.1.2.3', '203.0.113.7')).toBe('10.1.2.3');
  });
});
