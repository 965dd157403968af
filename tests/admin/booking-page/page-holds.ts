import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { expect } from 'vitest';
import { BookingSchema } from '../../../src/db/entities/index.ts';
import { emForBusiness } from '../../../src/db/tenant-scope.ts';
import type { BookingWorld } from '../../support/booking-world.ts';
import { locationOf, pageVisitor, type PageVisitor } from './booking-page-visitor.ts';

const TOMORROW = '2031-03-04';

/** The hold id in a checkout path. */
export const holdIdOf = (path: string): string => /\/h\/([0-9a-f-]{36})/.exec(path)![1]!;

/** Picks a time (local, on `date`: tomorrow unless said) with anyone free on the world's page and returns the hold's checkout path. */
export async function holdTime(visitor: PageVisitor, w: BookingWorld, time: string, date = TOMORROW): Promise<string> {
  const base = `/b/${w.business.slug}`;
  const dayOffset = Math.round((Date.parse(date) - Date.parse(TOMORROW)) / 86_400_000) + 1;
  await visitor.get(`${base}?service=${w.haircut.id}&staff=any&date=${date}`);
  const held = await visitor.post(`${base}/hold`, { service: w.haircut.id, staff: 'any', startsAt: String(w.at(time, dayOffset)) });
  expect(held.statusCode, held.body).toBe(303);
  return locationOf(held).split('?')[0]!;
}

/** A visitor whose card (with `phone`) waits on a booking at each of `times`, and their hold at `fourth` (all on `date`, tomorrow unless said). */
export async function busyVisitor(
  app: FastifyInstance,
  orm: MikroORM,
  w: BookingWorld,
  phone: string,
  times: string[],
  fourth: string,
  date = TOMORROW,
): Promise<{ visitor: PageVisitor; holdPath: string }> {
  const visitor = pageVisitor(app);
  const ids: string[] = [];
  for (const time of times) {
    const path = await holdTime(visitor, w, time, date);
    ids.push(holdIdOf(path));
    expect((await visitor.post(path, { name: 'Busy', phone, email: '', note: '' })).statusCode).toBe(303);
  }
  await emForBusiness(orm, w.business.id).fork().nativeUpdate(BookingSchema, { id: { $in: ids } }, { status: 'pending', awaiting: 'approval' });
  return { visitor, holdPath: await holdTime(visitor, w, fourth, date) };
}
