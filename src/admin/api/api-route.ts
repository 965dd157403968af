import type { z } from 'zod';
import type { ApiCaller } from '../../app/api-keys/authenticate-api-key.ts';
import type { ApiKeyScope } from '../../db/entities/index.ts';

/** What a handler gets: who calls, and the request's parts parsed by the route's schemas. */
export interface ApiInput<P, Q, B> {
  caller: ApiCaller;
  params: P;
  query: Q;
  body: B;
  /**
   * The request's `Idempotency-Key` as a use case's own idempotency key (`api:` and a
   * hash of method, path and key), or null without one. Handlers that create something
   * pass it down, so a retry that runs again (after a crash) finds what the first made.
   */
  idempotencyKey: string | null;
}

/**
 * One endpoint of the REST API: the router and the OpenAPI document are both built
 * from these, so the document cannot drift from what the code checks and answers.
 */
export interface ApiRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH';
  /** Relative to `/api/v1`, Fastify style (`/bookings/:id`). */
  path: string;
  summary: string;
  /** The least key scope that may call it. */
  scope: ApiKeyScope;
  params?: P;
  query?: Q;
  body?: B;
  /** The success answer's schema (documented; the contract test checks answers against it). */
  response: R;
  /** The success status (default 200). */
  status?: number;
  /** The error statuses worth documenting besides 400, 401, 429 (and 403 for writes). */
  errors?: number[];
  /** An example request for the docs page. */
  example?: { path?: string; body?: unknown };
  handler: (input: ApiInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R>>;
}

/** A route with its types erased, as the router and the document read it. */
export type ApiRoute = ApiRouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** Declares a route, checking its handler against its schemas. */
export function apiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(spec: ApiRouteSpec<P, Q, B, R>): ApiRoute {
  return spec as unknown as ApiRoute;
}
