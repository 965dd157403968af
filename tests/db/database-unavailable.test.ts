import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/pg-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

// What `pg` and MikroORM throw while PostgreSQL restarts (seen in tests/faults/postgres-restarted),
// and failures that are not the database being away.
describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['no server on the Unix socket', withCode('connect ENOENT /tmp/data/pg/.s.PGSQL.5433', 'ENOENT'), true],
    ['some other missing file', withCode("ENOENT: no such file or directory, open '/tmp/x'", 'ENOENT'), false],
    ['a refused connection on every address', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), true],
    ['the server shutting down (admin_shutdown)', withCode('terminating connection due to administrator command', '57P01'), true],
    ['the server starting up', withCode('the database system is starting up', '57P03'), true],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly'), true],
    ['a broken pooled client', new Error('Client has encountered a connection error and is not queryable'), true],
    ['the pool giving up', new Error('timeout exceeded when trying to connect'), true],
    ['wrapped by the ORM', Object.assign(new Error('query failed'), { cause: withCode('read ECONNRESET', 'ECONNRESET') }), true],
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505'), false],
    ['a syntax error', withCode('syntax error at or near', '42601'), false],
    ['a plain bug', new TypeError('cannot read properties of undefined'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
