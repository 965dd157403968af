/**
 * Developer tool: diffs the entities against a scratch database that has every
 * existing migration applied and writes the difference as a new migration file.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch npm run migration:create -- name
 *
 * Add the printed class to `migrations/index.ts`. Never point it at a real database:
 * it applies pending migrations there first.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from './orm-config.ts';

const url = process.env['DATABASE_URL'];
if (!url) {
  console.error('Set DATABASE_URL to a scratch database.');
  process.exit(2);
}
const orm = await MikroORM.init(ormOptions({ url }));
try {
  const migrator = orm.migrator;
  await migrator.up();
  const result = await migrator.create(undefined, false, false, process.argv[2]);
  console.log(result.fileName ? `wrote ${result.fileName}` : 'no schema changes');
} finally {
  await orm.close();
}
