import { z } from 'zod';
import type { ChatAddress } from '../../app/conversations/conversation-store.ts';
import { ConversationSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../../app/shared/use-case-context.ts';

const StoredStep = z.object({ step: z.object({ name: z.string() }).loose() }).loose();

// Steps where a picture or a file is meant for the team: "talk to a person", and the
// deposit step (a receipt screenshot of a transfer).
const FORWARDING_STEPS = new Set(['talk', 'pay']);

/**
 * Whether a file the customer sends now is for the team: the chat's stored step says so.
 * Channels carry files themselves (the engine takes text), so they ask before the event.
 */
export async function chatForwardsFiles(ctx: UseCaseContext, address: ChatAddress): Promise<boolean> {
  const row = await emForBusiness(ctx.orm, address.businessId).findOne(ConversationSchema, { channel: address.channel, chatId: address.chatId });
  const state = StoredStep.safeParse(row?.state);
  return state.success && FORWARDING_STEPS.has(state.data.step.name);
}
