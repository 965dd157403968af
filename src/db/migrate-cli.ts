/**
 * `npm run migrate`: applies pending migrations to the configured database (starting
 * the embedded server when DATABASE_URL is unset) and exits.
 */
import { describeConfigIssues, parseConfig } from '../config.ts';
import { createRedactingLogger } from '../redacting-logger.ts';
import { databaseSource, openDatabase } from './database.ts';

const parsed = parseConfig(process.env, process.cwd());
if (!parsed.ok) {
  console.error(describeConfigIssues(parsed.issues));
  process.exit(1);
}
const logger = createRedactingLogger({ level: parsed.config.logLevel });
const database = await openDatabase(databaseSource(parsed.config), logger, { attachToRunning: true, role: 'admin' });
const pending = await database.orm.migrator.getPending();
logger.info({ pending: pending.length }, 'migrations up to date');
await database.close();
