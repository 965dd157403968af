import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { createApiKey } from '../../../src/app/api-keys/create-api-key.ts';
import type { ApiRateLimits } from '../../../src/admin/api/api-deps.ts';
import { buildHttpServer } from '../../../src/admin/http-server.ts';
import { UserSchema } from '../../../src/db/entities/index.ts';
import { emAcrossBusinesses } from '../../../src/db/tenant-scope.ts';
import { makeBookingWorld, type BookingWorld } from '../../support/booking-world.ts';

/** A call to the API: method, path under /api/v1, key, body and headers. */
export interface ApiCall {
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The API over two businesses, with a read and a write key for the first and a write key for the other. */
export interface ApiHarness {
  app: FastifyInstance;
  world: BookingWorld;
  other: BookingWorld;
  keys: { read: string; write: string; otherWrite: string };
  userId: string;
  call(method: string, path: string, call?: ApiCall): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Builds the HTTP server with only the API, over two fresh booking worlds. */
export async function startApiHarness(orm: MikroORM, options: { limits?: ApiRateLimits } = {}): Promise<ApiHarness> {
  const world = await makeBookingWorld(orm);
  const other = await makeBookingWorld(orm);
  const em = emAcrossBusinesses(orm);
  const user = em.create(UserSchema, { email: `api-${world.business.slug}@example.com`, name: 'API owner', passwordHash: 'x' });
  await em.flush();
  const key = async (w: BookingWorld, scope: 'read' | 'write') => (await createApiKey(w.ctx, w.business.id, user.id, { name: `${scope} key`, scope })).plainKey;
  const keys = { read: await key(world, 'read'), write: await key(world, 'write'), otherWrite: await key(other, 'write') };
  const app = buildHttpServer({
    logger: pino({ level: 'silent' }),
    isDatabaseReachable: async () => true,
    // Receivers on 127.0.0.1 are allowed: tests subscribe local URLs.
    api: { ctx: world.ctx, limits: options.limits ?? { readPerMinute: 10_000, writePerMinute: 10_000 }, webhooks: { secrets: 'api-test-app-secret-0123456789abcdef', allowPrivateUrls: true } },
  });
  await app.ready();
  return {
    app,
    world,
    other,
    keys,
    userId: user.id,
    call: (method, path, call = {}) =>
      app.inject({
        method: method as 'GET',
        url: `/api/v1${path}`,
        headers: {
          ...(call.key ? { authorization: `Bearer ${call.key}` } : {}),
          ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...call.headers,
        },
        ...(call.body !== undefined ? { payload: JSON.stringify(call.body) } : {}),
      }),
    close: () => app.close(),
  };
}
