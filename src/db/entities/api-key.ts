import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BusinessSchema } from './business.ts';
import { UserSchema } from './user.ts';

/** What an API key may do: `read` only reads; `write` reads and changes. */
export const API_KEY_SCOPES = ['read', 'write'] as const;
/** One of {@link API_KEY_SCOPES}. */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * A key a business's other software (a CRM, a site) calls the REST API with. Only the
 * SHA-256 of the secret is kept (the plain key is shown once, when it is made); `prefix`
 * is its first characters, so people can tell their keys apart. A revoked key stays
 * listed and never works again.
 */
export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    name: p.string().length(80),
    /** The key's first characters as shown to people (`bk_live_ab12cd34`). */
    prefix: p.string().length(24),
    /** Hex SHA-256 of the whole key. */
    hash: p.string().length(64).unique('api_key_hash_unique'),
    scope: p.enum(API_KEY_SCOPES),
    createdBy: () => p.manyToOne(UserSchema).ref().nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'api_key_business_idx', properties: ['business', 'createdAt'] }],
});

/** An API key row. */
export type ApiKey = InferEntity<typeof ApiKeySchema>;

/**
 * A write request made with an `Idempotency-Key`, and the answer it got: a retry with
 * the same key and the same request gets the same answer (the same booking) instead of
 * doing the work twice. One row per business and key (the unique constraint decides
 * which of two racing requests does the work). `status` is null while the first request
 * is still being answered. Rows older than a day are deleted and the key may be reused.
 */
export const ApiIdempotencySchema = defineEntity({
  name: 'ApiIdempotency',
  tableName: 'api_idempotency',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    business: () => p.manyToOne(BusinessSchema).ref().deleteRule('cascade'),
    key: p.string().length(255),
    /** `POST /api/v1/bookings`. */
    route: p.string().length(300),
    /** Hex SHA-256 of the method, path and body. */
    requestHash: p.string().length(64),
    status: p.integer().nullable(),
    responseBody: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'api_idempotency_key_unique', properties: ['business', 'key'] }],
  indexes: [{ name: 'api_idempotency_business_created_idx', properties: ['business', 'createdAt'] }],
});

/** An idempotency row. */
export type ApiIdempotency = InferEntity<typeof ApiIdempotencySchema>;
