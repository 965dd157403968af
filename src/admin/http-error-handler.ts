import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError } from '../domain/domain-error.ts';

// Domain codes whose HTTP status is not 422 (the default for an expected outcome).
const STATUS_BY_CODE: Record<string, number> = {
  slot_taken: 409,
  not_found: 404,
  forbidden: 403,
};

/**
 * The one error boundary of the HTTP edge. Expected outcomes (domain errors, invalid
 * input) become 4xx with a machine code and a readable message; anything else is
 * logged with its stack and answered with a bare 500 — never a stack trace.
 */
export function handleHttpError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DomainError) {
    void reply.code(STATUS_BY_CODE[error.code] ?? 422).send({ error: error.code, message: error.message });
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
  request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
  void reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side. Please try again.' });
}
