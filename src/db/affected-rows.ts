/**
 * How many rows a statement run with `execute(…, 'run')` changed. MikroORM returns
 * `{ affectedRows }` for it; anything else counts as none.
 */
export function affectedRows(result: unknown): number {
  return typeof result === 'object' && result !== null && 'affectedRows' in result && typeof result.affectedRows === 'number' ? result.affectedRows : 0;
}
