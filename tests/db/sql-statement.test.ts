import { describe, expect, it } from 'vitest';
import { acrossBusinessesSql, businessSql, compileNamedParameters } from '../../src/db/sql-statement.ts';

describe('named SQL parameters', () => {
  it.each([
    ['select 1 from booking where business_id = :businessId', 'select 1 from booking where business_id = ?', ['businessId']],
    ['select :a, :b, :a', 'select ?, ?, ?', ['a', 'b', 'a']],
    ['where id = :id::uuid and x = any(:ids::uuid[])', 'where id = ?::uuid and x = any(?::uuid[])', ['id', 'ids']],
    [`to_char(t, 'HH24:MI:SS') || :suffix`, `to_char(t, 'HH24:MI:SS') || ?`, ['suffix']],
    [`select "odd:name" from x where y = :y`, `select "odd:name" from x where y = ?`, ['y']],
    [`jsonb_set(state, '{customerId}', to_jsonb(:into::text))`, `jsonb_set(state, '{customerId}', to_jsonb(?::text))`, ['into']],
  ])('%s', (text, compiled, order) => {
    expect(compileNamedParameters(text)).toMatchObject({ compiled, order });
  });

  it('numbers the placeholders for a prepared statement, one per use, quoted text left alone', () => {
    expect(compileNamedParameters(`select :a, :b::uuid, :a where x = 'a:b' and y = "c:d"`).numbered).toBe(`select $1, $2::uuid, $3 where x = 'a:b' and y = "c:d"`);
  });

  it('refuses positional placeholders and unterminated quotes', () => {
    expect(() => compileNamedParameters('select ? from x')).toThrow(/named parameters/);
    expect(() => compileNamedParameters("select 'oops from x")).toThrow(/unterminated/);
  });

  it('makes a business-scoped statement use :businessId; one that spans businesses says why', () => {
    expect(() => businessSql('no-business', 'select 1 from booking where id = :id')).toThrow(/:businessId/);
    expect(businessSql('ok', 'select 1 from booking where business_id = :businessId').scope).toEqual({ kind: 'business' });
    expect(acrossBusinessesSql('all', 'the sweep lists businesses', 'select id from business').scope).toEqual({ kind: 'all-businesses', why: 'the sweep lists businesses' });
  });
});
