import { idArray, runSql } from '../../db/sql-statement.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { CLAIM_DUE_MESSAGES, FAN_OUT_TO_ADDRESSES, FAN_OUT_TO_CUSTOMERS, FAN_OUT_TO_EMAIL, FAN_OUT_TO_TEAMS, MARK_MESSAGES_FANNED_OUT } from './notifications-sql.ts';
import { addressedTopics, topicsByEmail, topicsFor } from './notification-topics.ts';
import { fanOutToWebhooks } from '../webhooks/fan-out-to-webhooks.ts';
import { fanOutToCalendars } from '../calendars/fan-out-to-calendars.ts';

// The audiences of each topic come from the one registry (`notification-topics.ts`).
const ADDRESSED = addressedTopics();
const CUSTOMER_TOPICS = idArray(topicsFor('customer').filter((topic) => !ADDRESSED.includes(topic)));
const ADDRESSED_TOPICS = idArray(ADDRESSED);
const TEAM_TOPICS = idArray(topicsFor('team'));
const EMAIL_TOPICS = idArray(topicsByEmail());

/**
 * Turns up to `limit` pending outbox messages into deliveries, one per recipient, in
 * one transaction: the customer in the chat they chose for notifications (else the one
 * they booked from, else the one they used last), in their language, unless they turned
 * that kind of message off; every active team chat of the business. Deliveries are
 * unique per (message, chat), so fanning out again — after a crash, on another worker —
 * adds nothing. A message nobody can receive (a walk-in without a chat) is closed
 * with no delivery. With `email` (this service sends mail), an e-mailed topic also goes to
 * the customer's address. An addressed topic (a booking page's code) goes to the channel and
 * address its payload names, and only by e-mail when this process sends mail. Returns how many messages were fanned out.
 */
export async function fanOutOutbox(ctx: UseCaseContext, limit = 200, options: { email?: boolean } = {}): Promise<number> {
  return ctx.orm.em.transactional(async (em) => {
    const now = new Date(ctx.now());
    const claimed = await runSql(em, CLAIM_DUE_MESSAGES, { now, limit });
    if (claimed.length === 0) return 0;
    const ids = idArray(claimed.map((c) => c.id));
    await runSql(em, FAN_OUT_TO_CUSTOMERS, { now, ids, topics: CUSTOMER_TOPICS });
    await runSql(em, FAN_OUT_TO_TEAMS, { now, ids, topics: TEAM_TOPICS });
    await runSql(em, FAN_OUT_TO_ADDRESSES, { now, ids, topics: ADDRESSED_TOPICS, email: options.email === true });
    // Integrations: one webhook delivery per subscription that wants the event (`src/app/webhooks`).
    await fanOutToWebhooks(em, now, ids);
    // Connected calendars: the booking's events are redone by the calendar job (`src/app/calendars`).
    await fanOutToCalendars(em, now, ids);
    if (options.email) await runSql(em, FAN_OUT_TO_EMAIL, { now, ids, topics: EMAIL_TOPICS });
    await runSql(em, MARK_MESSAGES_FANNED_OUT, { now, ids });
    return claimed.length;
  });
}
