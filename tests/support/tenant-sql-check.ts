import type { SqlStatement } from '../../src/db/sql-statement.ts';

const NOT_AN_ALIAS = new Set([
  'where', 'on', 'set', 'join', 'left', 'right', 'inner', 'cross', 'full', 'outer', 'natural', 'order', 'group', 'limit', 'for',
  'returning', 'using', 'select', 'values', 'union', 'lateral', 'and', 'or', 'as', 'having', 'window', 'offset', 'except', 'intersect',
]);

interface TableReference {
  table: string;
  alias: string;
  insert: boolean;
}

// Quoted literals could hold words like "from x"; identifiers are compared lower-case.
function normalised(text: string): string {
  return text.replace(/'[^']*'/g, "''").replace(/--[^\n]*/g, ' ').toLowerCase();
}

function referencesIn(sql: string): TableReference[] {
  const out: TableReference[] = [];
  for (const m of sql.matchAll(/\binsert\s+into\s+([a-z_][a-z0-9_]*)/g)) out.push({ table: m[1]!, alias: m[1]!, insert: true });
  // A name followed by "(" is a function (`extract(epoch from x)` reads no table).
  for (const m of sql.matchAll(/\b(from|join|update)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?/g)) {
    const [, , table, maybeAlias] = m;
    const alias = maybeAlias && !NOT_AN_ALIAS.has(maybeAlias) ? maybeAlias : table!;
    out.push({ table: table!, alias, insert: false });
  }
  return out;
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
  const scopedBy = (alias: string, bare: boolean): boolean => {
    const column = bare ? `(?:\\b${alias}\\.|(?<![.\\w]))business_id` : `\\b${alias}\\.business_id`;
    const other = `(?::businessid\\b|\\b\\w+\\.business_id\\b|${businessAliases.map((b) => `\\b${b}\\.id\\b`).concat(['$^']).join('|')})`;
    return new RegExp(`${column}\\s*=\\s*${other}`).test(sql) || new RegExp(`${other}\\s*=\\s*${column}`).test(sql);
  };
  const problems: string[] = [];
  for (const ref of refs) {
    if (!tenantTables.has(ref.table) || ref.table === driving) continue;
    if (ref.insert) {
      if (!new RegExp(`into\\s+${ref.table}\\s*\\([^)]*\\bbusiness_id\\b`).test(sql)) problems.push(`insert into ${ref.table} without business_id`);
      continue;
    }
    if (!scopedBy(ref.alias, ref.alias === ref.table)) problems.push(ref.alias === ref.table ? ref.table : `${ref.table} ${ref.alias}`);
  }
  return problems;
}
