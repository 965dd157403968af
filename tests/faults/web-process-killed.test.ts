import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFaultWorld, type FaultWorld } from '../support/fault-world.ts';
import type { RoleProcess } from '../support/role-processes.ts';
import { until } from '../support/wait-until.ts';

// A web process SIGKILLed in the middle of a customer's booking (and of other chats'
// updates): the proxy sends what follows to the other web process, which carries on
// from the state in PostgreSQL; Telegram's redeliveries of the updates the dead
// process never answered are handled there too.
const CUSTOMER = 610_001;
const BYSTANDERS = 20;
const FIRST_BYSTANDER = 620_000;

let f: FaultWorld;

beforeAll(async () => {
  f = await makeFaultWorld();
});

afterAll(async () => {
  await f?.stop();
});

interface Conversation {
  version: number;
  step: string;
  staff_id: string | null;
}

async function conversation(chatId: number): Promise<Conversation | undefined> {
  const [row] = await f.sql<Conversation>(
    `select version, state->'step'->>'name' as step, state->'step'->>'staffId' as staff_id from conversation where business_id = ? and channel = 'telegram' and chat_id = ?`,
    [f.world.business.id, String(chatId)],
  );
  return row;
}

/** Presses the button of the chat's last message whose label contains `label` (the first button when omitted), through `web`. */
async function press(web: RoleProcess, chatId: number, label?: string): Promise<void> {
  const last = f.api.last.get(String(chatId));
  const button = last?.buttons.find((b) => b.callback_data !== undefined && (label === undefined || b.text.includes(label)));
  if (!last || !button) throw new Error(`no button ${label ?? ''} in chat ${chatId}: ${JSON.stringify(last)}`);
  const before = (await conversation(chatId))?.version ?? 0;
  expect(await f.updates.post(web.url, f.updates.press(chatId, button.callback_data!, last.messageId))).toBe(200);
  await until(async () => ((await conversation(chatId))?.version ?? 0) > before, `chat ${chatId} to take the press`);
}

describe('a web process SIGKILLed mid-conversation', () => {
  it('lets the customer carry on through the other web process where they were', async () => {
    const [a, b] = await Promise.all([f.processes.start('web'), f.processes.start('web')]);

    // Through A: the menu, Book, a service; the chat now offers the specialists.
    expect(await f.updates.post(a.url, f.updates.text(CUSTOMER, '/start'))).toBe(200);
    await until(async () => (await conversation(CUSTOMER))?.version === 1 && f.api.last.has(String(CUSTOMER)), 'the greeting');
    await press(a, CUSTOMER);
    expect((await conversation(CUSTOMER))?.step).toBe('service');
    await press(a, CUSTOMER, 'Haircut');
    expect((await conversation(CUSTOMER))?.step).toBe('staff');
    const atKill = await conversation(CUSTOMER);

    // A is busy with other chats' first messages when it dies: some answered, some not.
    const bystanders = Array.from({ length: BYSTANDERS }, (_, i) => f.updates.text(FIRST_BYSTANDER + i, '/start'));
    const unanswered = new Set(bystanders.map((u) => u.update_id));
    const inFlight = bystanders.map((update) =>
      f.updates.post(a.url, update).then(
        (status) => (status === 200 ? unanswered.delete(update.update_id) : undefined),
        () => undefined,
      ),
    );
    await until(() => f.api.methods.filter((m) => m === 'sendMessage').length > 1, 'A to start answering the other chats', 30_000, 5);
    await f.processes.kill(a);
    await Promise.all(inFlight);

    // The customer's next press goes to B, with the button A sent: B takes it as the next step.
    await press(b, CUSTOMER, 'Specialist 2');
    const after = await conversation(CUSTOMER);
    expect(after).toEqual({ version: atKill!.version + 1, step: 'day', staff_id: f.world.staff[1]!.id });
    // The answer (the days) replaced the specialists' menu in the chat, sent by B.
    expect(f.api.last.get(String(CUSTOMER))?.buttons.length).toBeGreaterThan(0);
    // The first day button: that day's times, or (a shortcut) its first free time, held for the name.
    await press(b, CUSTOMER);
    expect(['time', 'name']).toContain((await conversation(CUSTOMER))?.step);

    // Telegram sends again what A never answered; B handles each, and nothing twice.
    const redelivered = bystanders.filter((u) => unanswered.has(u.update_id));
    await Promise.all(redelivered.map(async (update) => expect(await f.updates.post(b.url, update)).toBe(200)));
    const handled = async () => {
      const versions = await Promise.all(bystanders.map((u) => conversation(Number((u['message'] as { chat: { id: number } }).chat.id))));
      return versions.every((v) => v?.version === 1);
    };
    // A chat A held when it died stays locked until its lease runs out (30 s).
    await until(handled, 'every other chat handled once', 90_000, 250);
    expect(b.service.child.exitCode).toBeNull();
  });
});
