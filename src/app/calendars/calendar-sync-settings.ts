import { z } from 'zod';
import type { CalendarConnection, CalendarProviderName } from '../../db/entities/index.ts';
import { openSecret, sealSecret, type AppSecrets } from '../../db/secret-box.ts';
import type { CalendarProvider, CalendarTokens } from './calendar-provider.ts';

/**
 * What calendar sync needs from the configuration (`main.ts`): the secrets OAuth
 * tokens are sealed under and the providers that are set up (Google with
 * GOOGLE_CLIENT_ID/SECRET; none: the feature is off).
 */
export interface CalendarSyncSettings {
  secrets: AppSecrets;
  providers: Partial<Record<CalendarProviderName, CalendarProvider>>;
}

const Tokens = z.object({ accessToken: z.string(), refreshToken: z.string(), expiresAt: z.number().nullable() });

const TOKENS_PURPOSE = 'calendar-oauth-tokens';

/** Seals an account's tokens onto its connection row (bound to the row's id). */
export function sealTokens(settings: CalendarSyncSettings, connectionId: string, tokens: CalendarTokens): string {
  return sealSecret(settings.secrets, TOKENS_PURPOSE, JSON.stringify(tokens), connectionId);
}

/** Opens a connection's tokens. */
export function openTokens(settings: CalendarSyncSettings, row: Pick<CalendarConnection, 'id' | 'tokensCiphertext'>): CalendarTokens {
  return Tokens.parse(JSON.parse(openSecret(settings.secrets, TOKENS_PURPOSE, row.tokensCiphertext, row.id)));
}

/** The provider of a connection, when this build has it set up. */
export function providerOf(settings: CalendarSyncSettings, name: CalendarProviderName): CalendarProvider | undefined {
  return settings.providers[name];
}
