import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a consent round-trip must come back to: the business, the staff member, the user who started it. */
export interface CalendarOAuthState {
  businessId: string;
  staffId: string;
  userId: string;
  provider: 'google' | 'outlook';
}

const STATE_TTL_MS = 15 * 60_000;
const Body = z.object({ b: z.uuid(), s: z.uuid(), u: z.uuid(), p: z.enum(['google', 'outlook']), e: z.number().int() });

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`calendar-oauth-state:${body}`).digest('base64url');
}

/**
 * The OAuth `state`: who started the consent and until when it may come back (15
 * minutes), signed with APP_SECRET, so a callback cannot be forged or replayed later
 * for someone else's staff member.
 */
export function signCalendarState(secret: string, state: CalendarOAuthState, now: number): string {
  const body = Buffer.from(JSON.stringify({ b: state.businessId, s: state.staffId, u: state.userId, p: state.provider, e: now + STATE_TTL_MS })).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** The state a callback carries, when the signature is right and it has not expired; null otherwise. */
export function verifyCalendarState(secret: string, given: string, now: number): CalendarOAuthState | null {
  const [body, signature, ...rest] = given.split('.');
  if (!body || !signature || rest.length > 0) return null;
  const want = Buffer.from(mac(secret, body));
  const got = Buffer.from(signature);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = Body.safeParse(json);
  if (!parsed.success || parsed.data.e < now) return null;
  return { businessId: parsed.data.b, staffId: parsed.data.s, userId: parsed.data.u, provider: parsed.data.p };
}
