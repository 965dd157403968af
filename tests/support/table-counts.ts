import pg from 'pg';

/** Rows per table of the public schema, by table name. */
export type TableCounts = Record<string, number>;

/**
 * Counts the rows of every table in the database's public schema (migrations' own
 * bookkeeping included), on a connection of its own: what a test compares before and
 * after a request that must change nothing.
 */
export async function countAllTables(databaseUrl: string): Promise<TableCounts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    );
    if (tables.rows.length === 0) return {};
    const union = tables.rows.map((t) => `select ${client.escapeLiteral(t.name)} as name, count(*)::int as rows from public.${client.escapeIdentifier(t.name)}`).join(' union all ');
    const counted = await client.query<{ name: string; rows: number }>(union);
    return Object.fromEntries(counted.rows.map((r) => [r.name, r.rows]));
  } finally {
    await client.end();
  }
}

/** The tables whose counts differ between two snapshots, with both counts (empty when none). */
export function changedTables(before: TableCounts, after: TableCounts): Record<string, [number, number]> {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: Record<string, [number, number]> = {};
  for (const name of names) if ((before[name] ?? 0) !== (after[name] ?? 0)) changed[name] = [before[name] ?? 0, after[name] ?? 0];
  return changed;
}
