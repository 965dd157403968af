import type { MikroORM } from '@mikro-orm/postgresql';
import { MIGRATIONS } from './migrations/index.ts';

/** How the database's schema stands against this build's migrations. */
export interface MigrationStatus {
  /** Registered in this build and not applied: the schema is behind the code. */
  pending: string[];
  /** Applied but not registered here: a newer build migrated (a rolling deploy) — this one still runs. */
  unknown: string[];
  /** The last applied migration (null on an empty database). */
  head: string | null;
}

/**
 * Compares the migrations the database records (`mikro_orm_migrations`, read only: the
 * application's role has no DDL) with the list this build registers (`MIGRATIONS`).
 */
export async function migrationStatus(orm: MikroORM, registered: readonly { name: string }[] = MIGRATIONS): Promise<MigrationStatus> {
  const rows = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations order by id');
  // The ledger may record names with the file extension (migrations run from files).
  const applied = rows.map((r) => r.name.replace(/\.[jt]s$/, ''));
  const appliedSet = new Set(applied);
  const known = new Set(registered.map((m) => m.name));
  return {
    pending: registered.map((m) => m.name).filter((name) => !appliedSet.has(name)),
    unknown: applied.filter((name) => !known.has(name)),
    head: applied.at(-1) ?? null,
  };
}
