import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiIdempotencySchema } from '../../db/entities/index.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import { Id } from '../shared/input-schemas.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';

/** How long a key is remembered: after a day it may be used again for anything. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/**
 * How long a claim may stay unanswered before its request is taken for dead (its process
 * crashed between doing the work and storing the answer): a retry after that takes the
 * key over and runs again. What it runs must be idempotent by itself for that to be safe
 * (bookings are: the API passes the key down to the booking use cases).
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

/** An `Idempotency-Key` as clients send it: 1–255 visible ASCII characters (a UUID is typical). */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters');

/** A write request under a key: the key, the method and path, and a hash of what it asked. */
export interface IdempotentRequest {
  key: string;
  route: string;
  requestHash: string;
}

/**
 * What a claim found: the key is this request's to answer (`claimed`); an earlier
 * identical request was answered (`replay` its answer); the key was used for another
 * request (`mismatch`); or the first request is still being answered (`in_progress`).
 */
export type IdempotencyClaim =
  | { kind: 'claimed'; id: string }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/**
 * Claims a key for a request. Two requests racing with one key both try to insert its
 * row: the unique constraint lets one through, the other reads the row. A claim left
 * unanswered for {@link IDEMPOTENCY_LEASE_MS} is taken over by the next retry. Rows older than
 * {@link IDEMPOTENCY_TTL_MS} are deleted first (lazily, per business), so an old key is free again.
 */
export async function claimIdempotencyKey(ctx: UseCaseContext, businessId: string, request: IdempotentRequest): Promise<IdempotencyClaim> {
  const id = Id.parse(businessId);
  const key = IdempotencyKey.parse(request.key);
  const em = emForBusiness(ctx.orm, id);
  const now = ctx.now();
  await em.nativeDelete(ApiIdempotencySchema, { business: id, createdAt: { $lt: new Date(now - IDEMPOTENCY_TTL_MS) } });
  try {
    const rowId = randomUUID();
    await em.insert(ApiIdempotencySchema, { id: rowId, business: id, key, route: request.route.slice(0, 300), requestHash: request.requestHash, createdAt: new Date(now) });
    return { kind: 'claimed', id: rowId };
  } catch (error) {
    if (!isUniqueViolation(error, 'api_idempotency_key_unique')) throw error;
  }
  const row = await emForBusiness(ctx.orm, id).findOne(ApiIdempotencySchema, { key });
  // Deleted between our insert and this read (the first request failed): try again as new.
  if (!row) return claimIdempotencyKey(ctx, businessId, request);
  if (row.route !== request.route.slice(0, 300) || row.requestHash !== request.requestHash) return { kind: 'mismatch' };
  if (row.status === null || row.status === undefined || row.responseBody === null || row.responseBody === undefined) {
    if (row.createdAt.getTime() > now - IDEMPOTENCY_LEASE_MS) return { kind: 'in_progress' };
    // Unanswered past its lease: the first request died. Take the claim over, once: of two
    // retries racing here only the one whose update still sees the old date wins.
    const taken = await emForBusiness(ctx.orm, id).nativeUpdate(ApiIdempotencySchema, { id: row.id, createdAt: row.createdAt, status: null }, { createdAt: new Date(now) });
    return taken === 1 ? { kind: 'claimed', id: row.id } : { kind: 'in_progress' };
  }
  return { kind: 'replay', status: row.status, body: row.responseBody };
}

/** Stores the answer a claimed request got, for its retries. */
export async function saveIdempotentAnswer(ctx: UseCaseContext, businessId: string, claimId: string, answer: { status: number; body: string }): Promise<void> {
  await emForBusiness(ctx.orm, Id.parse(businessId)).nativeUpdate(ApiIdempotencySchema, { id: claimId }, { status: answer.status, responseBody: answer.body });
}

/** Forgets a claim whose request failed unexpectedly: a retry with the key does the work afresh. */
export async function releaseIdempotencyKey(ctx: UseCaseContext, businessId: string, claimId: string): Promise<void> {
  await emForBusiness(ctx.orm, Id.parse(businessId)).nativeDelete(ApiIdempotencySchema, { id: claimId });
}
