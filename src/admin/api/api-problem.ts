import type { FastifyError, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { SlotUnavailable } from '../../app/shared/app-errors.ts';
import { DomainError, SlotTaken } from '../../domain/index.ts';
import { isDatabaseUnavailable } from '../../db/pg-errors.ts';
import { HTTP_STATUS_BY_CODE, TRY_AGAIN_MESSAGE } from '../http-error-handler.ts';

/** An RFC 9457 problem, as every API error is answered (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** A stable machine code (`slot_taken`, `invalid_input`, `unauthorized`…). */
  code: string;
  /** What is wrong with the input, one entry per field. */
  issues?: { path: string; message: string }[];
  /** Free times near a taken or unavailable one. */
  alternatives?: unknown[];
}

/** The problem media type. */
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** An expected refusal of the API itself (no key, wrong scope, a reused idempotency key…). */
export class ApiRefusal extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

/** A problem body; `type` points at the code's entry on the docs page. */
export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `/api/v1/docs#problem-${code}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

/**
 * The problem for anything a request ended in. Expected outcomes keep their code and
 * message; zod issues are listed by field (`body.startsAt`); a taken slot carries its
 * alternatives. The database being away is a 503 `service_unavailable` (try again; the
 * answer carries `Retry-After`, see `sendAnswer`). Anything else is logged with its
 * stack and answered with a bare 500.
 */
export function problemOf(error: unknown, request: FastifyRequest, location = ''): Problem {
  if (error instanceof ApiRefusal) return problem(error.status, error.code, error.message);
  if (error instanceof DomainError) {
    const alternatives = error instanceof SlotTaken || error instanceof SlotUnavailable ? { alternatives: [...error.alternatives] } : {};
    return problem(HTTP_STATUS_BY_CODE[error.code], error.code, error.message, alternatives);
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: [location, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message }));
    return problem(400, 'invalid_input', 'The request is not valid', { issues });
  }
  const status = (error as Partial<FastifyError>).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = status === 429 ? 'rate_limited' : status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : 'bad_request';
    return problem(status, code, (error as Error).message);
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error, url: request.url, method: request.method }, 'API request refused: the database is unavailable');
    return problem(503, 'service_unavailable', TRY_AGAIN_MESSAGE);
  }
  request.log.error({ err: error, url: request.url, method: request.method }, 'API request failed');
  return problem(500, 'internal', 'Something went wrong on our side. Please try again.');
}
