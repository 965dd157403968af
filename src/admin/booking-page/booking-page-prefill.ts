import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

declare module '@fastify/secure-session' {
  /** The widget's prefill, kept in the visitor cookie (encrypted and signed). */
  interface SessionData {
    pagePrefill: { business: string; name?: string; phone?: string };
  }
}

/**
 * What the host page of the widget prefilled (`data-name`, `data-phone`): words for the
 * details form, never trusted and never written into an address.
 */
export interface Prefill {
  name?: string;
  phone?: string;
}

const PrefillQuery = z.object({
  name: z.string().trim().max(100).optional(),
  phone: z.string().trim().max(32).optional(),
});

const Remembered = z.object({ business: z.uuid(), name: z.string().max(100).optional(), phone: z.string().max(32).optional() });

/**
 * The prefill a page address brings in (`?name=&phone=`, from the widget), or null when it
 * brings none; an over-long value → a ZodError (400).
 */
export function readPrefill(query: unknown): Prefill | null {
  const q = PrefillQuery.parse(query ?? {});
  const prefill: Prefill = {};
  if (q.name) prefill.name = q.name;
  if (q.phone) prefill.phone = q.phone;
  return prefill.name || prefill.phone ? prefill : null;
}

/**
 * Keeps the prefill for a business in the visitor cookie: the steps between the landing and
 * the details form are plain links, and an address is the one place it must not travel
 * (history, logs, shared links). The latest prefill replaces an earlier one.
 */
export function rememberPrefill(request: FastifyRequest, businessId: string, prefill: Prefill): void {
  request.session.set('pagePrefill', { business: businessId, ...prefill });
}

/** The prefill the cookie keeps for a business (none for another business's page). */
export function rememberedPrefill(request: FastifyRequest, businessId: string): Prefill {
  const parsed = Remembered.safeParse(request.session.get('pagePrefill'));
  if (!parsed.success || parsed.data.business !== businessId) return {};
  const { business: _business, ...prefill } = parsed.data;
  return prefill;
}
