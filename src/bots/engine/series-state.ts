import { z } from 'zod';

const Uuid = z.uuid();
const EveryWeeks = z.union([z.literal(1), z.literal(2)]);

/**
 * The steps of repeating a booking (`series-steps.ts`), as stored: how often, how many
 * more visits, the preview (with the free times chosen instead of taken visits), and
 * cancelling a visit with the later ones of its series.
 */
export const SERIES_STEPS = [
  z.object({ name: z.literal('series_every'), bookingId: Uuid }),
  z.object({ name: z.literal('series_count'), bookingId: Uuid, everyWeeks: EveryWeeks }),
  z.object({
    name: z.literal('series_preview'),
    bookingId: Uuid,
    everyWeeks: EveryWeeks,
    count: z.number().int().min(1).max(26),
    instead: z.array(z.object({ index: z.number().int().min(1).max(26), startsAt: z.number().int() })).max(26).default([]),
  }),
  z.object({ name: z.literal('series_cancel'), bookingId: Uuid }),
] as const;
