/**
 * `npm run codes [-- <business slug>]`: prints the codes a business's team links its
 * chats with (`/link` for the team's group, `/iam` for each specialist), for the person
 * who runs the service. Uses the running service's embedded database when there is one.
 */
import { describeConfigIssues, parseConfig, resolveAppSecret } from '../config.ts';
import { databaseSource, openDatabase } from '../db/database.ts';
import { BusinessSchema } from '../db/entities/index.ts';
import { emAcrossBusinesses } from '../db/tenant-scope.ts';
import { createRedactingLogger } from '../redacting-logger.ts';
import { linkCodeLines } from './link-code-lines.ts';

const parsed = parseConfig(process.env, process.cwd());
if (!parsed.ok) {
  console.error(describeConfigIssues(parsed.issues));
  process.exit(1);
}
const slug = process.argv[2];
const appSecret = await resolveAppSecret(parsed.config);
const database = await openDatabase(databaseSource(parsed.config), createRedactingLogger({ level: 'warn' }), { attachToRunning: true, migrate: false });
try {
  const em = emAcrossBusinesses(database.orm);
  const businesses = await em.find(BusinessSchema, slug ? { slug } : {}, { orderBy: { createdAt: 'asc' } });
  if (businesses.length === 0) console.log(slug ? `No business with slug "${slug}".` : 'No business yet.');
  for (const business of businesses) console.log([`${business.name} (${business.slug})`, ...(await linkCodeLines(em, appSecret, business))].join('\n'));
} finally {
  await database.close();
}
