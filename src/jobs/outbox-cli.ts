/**
 * `npm run outbox -- --failed`: lists dead-lettered deliveries.
 * `npm run outbox -- --retry <id> [<id>…]` or `--retry-all`: queues them again.
 * Uses the running service's embedded database when there is one.
 */
import { z } from 'zod';
import { describeConfigIssues, parseConfig } from '../config.ts';
import { databaseSource, openDatabase } from '../db/database.ts';
import { createRedactingLogger } from '../redacting-logger.ts';
import { listDeadDeliveries, retryDeadDeliveries } from './dead-letters.ts';

const parsed = parseConfig(process.env, process.cwd());
if (!parsed.ok) {
  console.error(describeConfigIssues(parsed.issues));
  process.exit(1);
}
const [flag, ...rest] = process.argv.slice(2);
const ids = z.array(z.uuid()).safeParse(rest);
if (!(flag === '--failed' || flag === '--retry-all' || (flag === '--retry' && ids.success && rest.length > 0))) {
  console.error('Usage: npm run outbox -- --failed | --retry <delivery id>… | --retry-all');
  process.exit(2);
}
const database = await openDatabase(databaseSource(parsed.config), createRedactingLogger({ level: 'warn' }), { attachToRunning: true, migrate: false });
try {
  const ctx = { orm: database.orm, now: () => Date.now() };
  if (flag === '--failed') {
    const dead = await listDeadDeliveries(ctx);
    if (dead.length === 0) console.log('No failed deliveries.');
    for (const d of dead) console.log(`${d.id}  ${d.channel}:${d.chat_id}  ${d.topic}  attempts=${d.attempts}  ${d.last_error ?? ''}`);
  } else {
    const count = await retryDeadDeliveries(ctx, flag === '--retry-all' ? 'all' : ids.success ? ids.data : []);
    console.log(`Queued ${count} delivery(ies) again.`);
  }
} finally {
  await database.close();
}
