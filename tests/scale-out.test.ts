import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import pino from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../src/app/api-keys/create-api-key.ts';
import { CustomerSchema, UserSchema } from '../src/db/entities/index.ts';
import { ormOptions } from '../src/db/orm-config.ts';
import { emAcrossBusinesses, emForBusiness } from '../src/db/tenant-scope.ts';
import { makeBookingWorld } from './support/booking-world.ts';
import { roleProcesses, type RoleProcesses } from './support/role-processes.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';
import { adminQuery, withDatabase } from './support/test-database.ts';

// One build as several processes on one PostgreSQL (issue 21): two web processes and a
// worker, real child processes of `node src/main.ts`, on a database nobody migrated yet.
const adminUrl = inject('pgAdminUrl');
const name = `bookchat_scale_${randomBytes(6).toString('hex')}`;
const databaseUrl = withDatabase(adminUrl, name);
const appSecret = randomBytes(32).toString('base64url');
let processes: RoleProcesses | undefined;
let sink: SmtpSink | undefined;
let orm: MikroORM | undefined;

afterAll(async () => {
  await processes?.stopAll();
  await orm?.close(true);
  await sink?.close();
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
});

describe('two web processes and a worker on one database', () => {
  it('both web processes serve, a booking made through one is seen through the other, and only the worker sends its message, once', async () => {
    await adminQuery(adminUrl, `create database ${name}`);
    sink = await startSmtpSink();
    processes = roleProcesses({ DATABASE_URL: databaseUrl, APP_SECRET: appSecret, SMTP_URL: sink.url, LOG_LEVEL: 'info' });
    // Started together on an empty database: they take turns at the migrations and the first start's seeding.
    const [a, b] = await Promise.all([processes.start('web'), processes.start('web')]);
    for (const { port } of [a, b]) {
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
    }
    for (const { service } of [a, b]) {
      expect(service.output()).toContain('Role: web (');
      expect(service.output()).not.toContain('outbox dispatcher started');
    }

    // A business, a customer with an e-mail address and an API key, straight in the database.
    orm = await MikroORM.init(ormOptions({ url: databaseUrl, logger: pino({ level: 'silent' }), poolMax: 2 }));
    const world = await makeBookingWorld(orm, { today: DateTime.now().setZone('Europe/Kyiv').toISODate()! });
    const customers = emForBusiness(orm, world.business.id);
    const customer = await customers.findOneOrFail(CustomerSchema, { id: world.customers[0]! });
    customer.email = 'scale-out@example.com';
    await customers.flush();
    const users = emAcrossBusinesses(orm);
    const user = users.create(UserSchema, { email: `scale-${world.business.slug}@example.com`, name: 'Owner', passwordHash: 'x' });
    await users.flush();
    const { plainKey } = await createApiKey(world.ctx, world.business.id, user.id, { name: 'scale-out', scope: 'write' });
    const headers = { authorization: `Bearer ${plainKey}`, 'content-type': 'application/json' };

    const created = await fetch(`http://127.0.0.1:${a.port}/api/v1/bookings`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ customerId: customer.id, serviceId: world.haircut.id, staffId: world.staff[0]!.id, startsAt: world.at('10:00', 2) }),
    });
    expect(created.status).toBe(201);
    const booking = (await created.json()) as { id: string; status: string };
    expect(booking.status).toBe('confirmed');
    const seen = await fetch(`http://127.0.0.1:${b.port}/api/v1/bookings/${booking.id}`, { headers: { authorization: headers.authorization } });
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ id: booking.id, status: 'confirmed' });

    // No web process dispatches: the booking's messages wait in the outbox for a worker.
    const sql = orm.em.getConnection();
    const waiting = await sql.execute<{ status: string }[]>(`select distinct status from outbox_message where business_id = ?`, [world.business.id]);
    expect(waiting).toEqual([{ status: 'pending' }]);
    expect(sink.mails).toHaveLength(0);

    const worker = await processes.start('worker');
    expect(worker.service.output()).toContain('Role: worker (');
    const mail = await sink.waitFor('scale-out@example.com', 30_000);
    expect(mail.subject).toContain('Kyiv Studio');
    // Its delivery is recorded sent, on the first attempt, and nothing else was mailed.
    let sent: { status: string; attempts: number }[] = [];
    for (let i = 0; i < 200 && sent[0]?.status !== 'sent'; i += 1) {
      sent = await sql.execute(`select status, attempts from outbox_delivery where business_id = ? and channel = 'email'`, [world.business.id]);
      if (sent[0]?.status !== 'sent') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sent).toEqual([{ status: 'sent', attempts: 1 }]);
    expect(sink.mails.filter((m) => m.to.includes('scale-out@example.com'))).toHaveLength(1);
    expect(worker.service.output()).toContain('outbox dispatcher started');
  });
});
