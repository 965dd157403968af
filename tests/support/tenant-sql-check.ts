import type { SqlStatement } from '../../src/db/sql-statement.ts';

const NOT_AN_ALIAS = new Set([
  'where', 'on', 'set', 'join', 'left', 'right', 'inner', 'cross', 'full', 'outer', 'natural', 'order', 'group', 'limit', 'for',
  'returning', 'using', 'select', 'values', 'union', 'lateral', 'and', 'or', 'as', 'having', 'window', 'offset', 'except', 'intersect',
]);

interface TableReference {
  table: string;
  alias: string;
  insert: boolean;
  /** Where the reference stands in the statement. */
  at: number;
}

// Quoted literals could hold words like "from x"; identifiers are compared lower-case.
function normalised(text: string): string {
  return text.replace(/'[^']*'/g, "''").replace(/--[^\n]*/g, ' ').toLowerCase();
}

function referencesIn(sql: string): TableReference[] {
  const out: TableReference[] = [];
  for (const m of sql.matchAll(/\binsert\s+into\s+([a-z_][a-z0-9_]*)/g)) out.push({ table: m[1]!, alias: m[1]!, insert: true, at: m.index });
  // A name followed by "(" is a function (`extract(epoch from x)` reads no table); a
  // comma after a reference starts another one (`from booking b, customer c`).
  const item = /([a-z_][a-z0-9_]*)\b(?!\s*\()(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?/y;
  for (const m of sql.matchAll(/\b(from|join|update)\s+/g)) {
    let at = m.index + m[0].length;
    for (;;) {
      item.lastIndex = at;
      const found = item.exec(sql);
      if (!found) break;
      const [, table, maybeAlias] = found;
      const alias = maybeAlias && !NOT_AN_ALIAS.has(maybeAlias) ? maybeAlias : table!;
      out.push({ table: table!, alias, insert: false, at });
      const comma = /^\s*,\s*/.exec(sql.slice(item.lastIndex));
      if (!comma || m[1] !== 'from') break;
      at = item.lastIndex + comma[0].length;
    }
  }
  return out;
}

// The text a reference's own select can filter in: from the reference to the end of
// the parenthesis it stands in (its sub-select), or to the end of the statement.
function ownSelect(sql: string, at: number): string {
  let depth = 0;
  for (let i = at; i < sql.length; i += 1) {
    if (sql[i] === '(') depth += 1;
    else if (sql[i] === ')') {
      if (depth === 0) return sql.slice(at, i);
      depth -= 1;
    }
  }
  return sql.slice(at);
}

/**
 * The tenant tables a statement names without filtering them by business: for each
 * reference (`from`, `join`, `update`) to a table with a `business_id`, the statement
 * must compare that reference's `business_id` with `:businessId`, with another row's
 * `business_id`, or with the id of the `business` row it reads. An `insert into` a
 * tenant table must write `business_id`. A statement marked as spanning businesses
 * may leave its driving table (the first tenant table it names) unfiltered, but every
 * other table must be joined to it by business. A heuristic over the text, not a
 * parser: it exists to catch the forgotten filter, and is tested on violations.
 */
export function unscopedTenantTables(statement: Pick<SqlStatement<object>, 'text' | 'scope'>, tenantTables: ReadonlySet<string>): string[] {
  const sql = normalised(statement.text);
  const refs = referencesIn(sql);
  const businessAliases = refs.filter((r) => r.table === 'business').map((r) => r.alias);
  const driving = statement.scope.kind === 'all-businesses' ? refs.find((r) => tenantTables.has(r.table) && !r.insert)?.table : undefined;
  const other = `(?::businessid\\b|\\b\\w+\\.business_id\\b|${businessAliases.map((b) => `\\b${b}\\.id\\b`).concat(['$^']).join('|')})`;
  const compares = (column: string, text: string) => new RegExp(`${column}\\s*=\\s*${other}`).test(text) || new RegExp(`${other}\\s*=\\s*${column}`).test(text);
  // An aliased reference must be filtered through its alias anywhere in the statement;
  // a bare one may also use an unqualified business_id, but only in its own select.
  const scopedBy = (ref: TableReference): boolean =>
    compares(`\\b${ref.alias}\\.business_id`, sql) || (ref.alias === ref.table && compares('(?<![.\\w])business_id', ownSelect(sql, ref.at)));
  const problems: string[] = [];
  for (const ref of refs) {
    if (!tenantTables.has(ref.table) || ref.table === driving) continue;
    if (ref.insert) {
      if (!new RegExp(`into\\s+${ref.table}\\s*\\([^)]*\\bbusiness_id\\b`).test(sql)) problems.push(`insert into ${ref.table} without business_id`);
      continue;
    }
    if (!scopedBy(ref)) problems.push(ref.alias === ref.table ? ref.table : `${ref.table} ${ref.alias}`);
  }
  return problems;
}
