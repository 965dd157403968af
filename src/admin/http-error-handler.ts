import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorCode } from '../domain/domain-error.ts';
import { isDatabaseUnavailable } from '../db/pg-errors.ts';

/** How long a client is asked to wait before trying again while the database is away (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;

/** What a request is told while PostgreSQL cannot be reached (restarting, failing over). */
export const TRY_AGAIN_MESSAGE = 'The service is briefly unavailable. Please try again in a few seconds.';

/**
 * The HTTP status of each expected outcome. A `Record` over the whole union: a new
 * code does not compile until it has a status here.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<DomainErrorCode, number>> = {
  slot_taken: 409,
  slot_unavailable: 422,
  hold_expired: 422,
  change_cutoff_passed: 422,
  invalid_booking_transition: 422,
  customer_blocked: 422,
  not_found: 404,
  not_your_booking: 403,
  invalid_request: 422,
  promo_not_applicable: 422,
  too_many_promo_attempts: 429,
  too_many_holds: 409,
  team_chat_limit_reached: 409,
  holds_per_minute_reached: 429,
  invalid_promo_code: 422,
  phone_needs_verification: 422,
  invalid_recurrence: 422,
  invalid_amount: 422,
  invalid_schedule: 422,
  invalid_service: 422,
  invalid_slot_search: 422,
  invalid_time_zone: 422,
  invalid_deposit_rule: 422,
  invalid_policy: 422,
  booking_changed: 409,
};

/**
 * The one error boundary of the HTTP edge. Expected outcomes (domain errors, invalid
 * input) become 4xx with a machine code and a readable message; the database being
 * away (restarting) is a 503 "try again" with `Retry-After`; anything else is logged
 * with its stack and answered with a bare 500 — never a stack trace.
 */
export function handleHttpError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DomainError) {
    void reply.code(HTTP_STATUS_BY_CODE[error.code]).send({ error: error.code, message: error.message });
    return;
  }
  if (error instanceof ZodError) {
    void reply.code(400).send({
      error: 'invalid_input',
      message: 'The request is not valid',
      issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
    return;
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    void reply.code(status).send({ error: (error as FastifyError).code ?? 'bad_request', message: error.message });
    return;
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error, url: request.url, method: request.method }, 'request refused: the database is unavailable');
    void reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ error: 'service_unavailable', message: TRY_AGAIN_MESSAGE });
    return;
  }
  request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
  void reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side. Please try again.' });
}
