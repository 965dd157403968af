import { PostgreSqlConnection, type EntityManager } from '@mikro-orm/postgresql';
import { affectedRows } from './affected-rows.ts';

/**
 * Who a hand-written statement may touch: one business's rows (every tenant table it
 * names is filtered by `:businessId`, or joined to a row that is), or every
 * business's (the outbox fan-out, the sweeps' business list) — which must say why.
 */
export type SqlScope = { kind: 'business' } | { kind: 'all-businesses'; why: string };

/**
 * A hand-written SQL statement with named parameters (`:businessId`, `:now`), for
 * the measured hot paths and the few queries the ORM cannot say well. Each lives in
 * its capability's `*-sql.ts` file; `tests/db/tenant-sql.test.ts` reads them all and
 * fails when one names a tenant table without filtering it by business.
 * `P` lists the parameters and their types; `:name::uuid` casts are fine.
 */
export interface SqlStatement<P extends object, R = Record<string, unknown>> {
  readonly name: string;
  readonly text: string;
  readonly scope: SqlScope;
  /** The text with `?` placeholders, as the driver takes it. */
  readonly compiled: string;
  /** The parameter name for each `?` of {@link compiled}, in order. */
  readonly order: readonly string[];
  /** The text with `$1`, `$2`… placeholders, as PostgreSQL prepares it. */
  readonly numbered: string;
  /** Type-only: the parameters and the row this statement returns. */
  readonly types?: { params: P; row: R };
}

/** Defines a statement scoped to one business: it must use `:businessId`. */
export function businessSql<P extends { businessId: string }, R = Record<string, unknown>>(name: string, text: string): SqlStatement<P, R> {
  return defineSql<P, R>(name, text, { kind: 'business' });
}

/** Defines a statement that spans businesses on purpose; `why` is for the reader and the review. */
export function acrossBusinessesSql<P extends object, R = Record<string, unknown>>(name: string, why: string, text: string): SqlStatement<P, R> {
  return defineSql<P, R>(name, text, { kind: 'all-businesses', why });
}

function defineSql<P extends object, R>(name: string, text: string, scope: SqlScope): SqlStatement<P, R> {
  const { compiled, order, numbered } = compileNamedParameters(text);
  if (scope.kind === 'business' && !order.includes('businessId')) throw new Error(`SQL ${name}: a business-scoped statement must use :businessId`);
  return { name, text, scope, compiled, order, numbered };
}

/**
 * Rewrites `:name` placeholders to `?` and lists the names in order. Quoted text
 * (`'HH24:MI'`, `"T"`) and casts (`::uuid`) are left alone; a literal `?` is refused
 * because the driver would take it for a placeholder.
 */
export function compileNamedParameters(text: string): { compiled: string; order: string[]; numbered: string } {
  const order: string[] = [];
  let compiled = '';
  let numbered = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`SQL: unterminated ${ch} in ${text.slice(i, i + 40)}`);
      compiled += text.slice(i, end + 1);
      numbered += text.slice(i, end + 1);
      i = end;
    } else if (ch === ':' && text[i + 1] === ':') {
      compiled += '::';
      numbered += '::';
      i += 1;
    } else if (ch === ':' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))![0];
      order.push(name);
      compiled += '?';
      numbered += `$${order.length}`;
      i += name.length;
    } else if (ch === '?') {
      throw new Error('SQL: use named parameters (:name), not ?');
    } else {
      compiled += ch;
      numbered += ch;
    }
  }
  return { compiled, order, numbered };
}

/**
 * Runs a statement in the entity manager's transaction (when it has one) with its
 * parameters bound by name, and returns its rows.
 */
export async function runSql<P extends object, R>(em: EntityManager, statement: SqlStatement<P, R>, params: P): Promise<R[]> {
  return em.getConnection().execute<R[]>(statement.compiled, bind(statement, params), 'all', em.getTransactionContext());
}

/**
 * {@link runSql} for a measured hot path's statement, run on its own (not in a
 * transaction): prepared once per pooled connection under the statement's name, so
 * PostgreSQL parses it once and may keep its plan, instead of planning a long
 * statement on every call. Inside a transaction it is {@link runSql}.
 */
export async function runPreparedSql<P extends object, R>(em: EntityManager, statement: SqlStatement<P, R>, params: P): Promise<R[]> {
  const connection = em.getConnection();
  if (em.getTransactionContext() || !(connection instanceof PostgreSqlConnection)) return runSql(em, statement, params);
  const pool = await connection.getNativeClient();
  // Not `pool.query`: it hands an error back with the client, and the pool then closes
  // that connection — every lost race for a slot (an exclusion violation) would cost a
  // new server process and every statement prepared again on it.
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const result = await client.query({ name: statement.name, text: statement.numbered, values: bind(statement, params) });
    return result.rows as R[];
  } catch (error) {
    if (!answeredByServer(error)) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}

// A statement the server refused with an ERROR (a SQLSTATE, severity ERROR) leaves the
// connection ready for the next one; a FATAL from the server or a dropped socket may not.
// Nor may an error about the prepared statement itself: the connection would keep
// answering it so (its plan outdated by a schema change elsewhere, or the statement gone).
function answeredByServer(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return severity === 'ERROR' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !PREPARED_STATEMENT_BROKEN.has(code);
}

// `cached plan must not change result type` (0A000), `prepared statement does not exist` (26000).
const PREPARED_STATEMENT_BROKEN = new Set(['0A000', '26000']);

/** Runs a statement that changes rows (no `returning`); returns how many it changed. */
export async function runSqlCount<P extends object, R>(em: EntityManager, statement: SqlStatement<P, R>, params: P): Promise<number> {
  return affectedRows(await em.getConnection().execute(statement.compiled, bind(statement, params), 'run', em.getTransactionContext()));
}

// A missing parameter is a bug: it throws before anything is sent.
function bind<P extends object, R>(statement: SqlStatement<P, R>, params: P): unknown[] {
  return statement.order.map((key) => {
    if (!(key in params)) throw new Error(`SQL ${statement.name}: missing parameter :${key}`);
    return (params as Record<string, unknown>)[key];
  });
}

/** A PostgreSQL array literal of ids (`{a,b}`), for `= any(:ids::uuid[])`. */
export function idArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
