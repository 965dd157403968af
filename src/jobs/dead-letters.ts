import { affectedRows } from '../db/affected-rows.ts';
import type { UseCaseContext } from '../app/shared/use-case-context.ts';

/** A delivery the dispatcher gave up on. */
export interface DeadDelivery {
  id: string;
  business_id: string;
  channel: string;
  chat_id: string;
  topic: string;
  attempts: number;
  last_error: string | null;
}

/** The dead-letter list, newest first. */
export async function listDeadDeliveries(ctx: UseCaseContext, limit = 100): Promise<DeadDelivery[]> {
  return ctx.orm.em.getConnection().execute<DeadDelivery[]>(
    `select d.id, d.business_id, d.channel, d.chat_id, m.topic, d.attempts, d.last_error
       from outbox_delivery d join outbox_message m on m.id = d.message_id
      where d.status = 'dead' order by d.created_at desc limit ?`,
    [limit],
  );
}

/** Puts dead deliveries (these ids, or all) back in the queue with a fresh attempt count. */
export async function retryDeadDeliveries(ctx: UseCaseContext, ids: readonly string[] | 'all'): Promise<number> {
  const connection = ctx.orm.em.getConnection();
  const now = new Date(ctx.now());
  const result =
    ids === 'all'
      ? await connection.execute(`update outbox_delivery set status = 'pending', attempts = 0, next_attempt_at = ? where status = 'dead'`, [now], 'run')
      : await connection.execute(
          `update outbox_delivery set status = 'pending', attempts = 0, next_attempt_at = ? where status = 'dead' and id = any(?::uuid[])`,
          [now, `{${ids.join(',')}}`],
          'run',
        );
  return affectedRows(result);
}
