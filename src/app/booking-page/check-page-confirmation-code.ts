import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { PageConfirmationCodeSchema } from '../../db/entities/index.ts';
import { emForBusiness } from '../../db/tenant-scope.ts';
import type { UseCaseContext } from '../shared/use-case-context.ts';
import { PAGE_CODE_TRIES, pageCodeMatches } from './page-confirmation-code-secret.ts';

/** Input of {@link checkPageConfirmationCode}: the hold, the phone it is booked with, and the code typed. */
export const CheckPageConfirmationCodeInput = z.object({
  customerId: z.uuid(),
  holdId: z.uuid(),
  phone: z.string().max(16),
  /** What was typed: spaces and dashes are ignored. */
  code: z.string().max(32).transform((typed) => typed.replace(/[\s-]/g, '')),
});

/**
 * How the check went: `confirmed` (the code is spent: the booking may go through with this
 * phone); `wrong` (`left` tries remain); `spent` (no live code: it lapsed, was used, was
 * replaced, or took {@link PAGE_CODE_TRIES} wrong tries).
 */
export type PageCodeCheck = { kind: 'confirmed' } | { kind: 'wrong'; left: number } | { kind: 'spent' };

/**
 * Checks a code the booking page sent for a hold (`send-page-confirmation-code.ts`): the
 * hold's newest live code, for the phone it was sent for, compared by its HMAC. Every
 * wrong try counts (with the row locked, so tries at once cannot pass the limit); a right
 * one is used up at once.
 */
export async function checkPageConfirmationCode(ctx: UseCaseContext, businessId: string, raw: z.input<typeof CheckPageConfirmationCodeInput>): Promise<PageCodeCheck> {
  const input = CheckPageConfirmationCodeInput.parse(raw);
  const links = ctx.links;
  if (!links) return { kind: 'spent' };
  return emForBusiness(ctx.orm, businessId).transactional(async (em): Promise<PageCodeCheck> => {
    const now = new Date(ctx.now());
    const row = await em.findOne(
      PageConfirmationCodeSchema,
      { booking: input.holdId, customer: input.customerId, usedAt: null, expiresAt: { $gt: now } },
      { orderBy: { createdAt: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!row || row.attempts >= PAGE_CODE_TRIES) return { kind: 'spent' };
    if (row.phone === input.phone && /^\d{6}$/.test(input.code) && pageCodeMatches(links, row.id, input.code, row.codeHash)) {
      row.usedAt = now;
      await em.flush();
      return { kind: 'confirmed' };
    }
    row.attempts += 1;
    await em.flush();
    const left = PAGE_CODE_TRIES - row.attempts;
    return left > 0 ? { kind: 'wrong', left } : { kind: 'spent' };
  });
}
