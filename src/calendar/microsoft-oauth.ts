import { z } from 'zod';
import { CalendarAccessRevoked, type CalendarTokens } from '../app/calendars/calendar-provider.ts';

/** Microsoft's identity platform for one OAuth client: the consent page and the token endpoint (MS_OAUTH_TOKEN_URL, MS_OAUTH_AUTHORIZE_URL in tests). */
export interface MicrosoftOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Default `https://login.microsoftonline.com/common/oauth2/v2.0/token` (work, school and personal accounts). */
  tokenUrl?: string | undefined;
  /** Default `https://login.microsoftonline.com/common/oauth2/v2.0/authorize`. */
  authorizeUrl?: string | undefined;
  /** The clock token expiry is read against (tests); default `Date.now`. */
  now?: (() => number) | undefined;
}

const LOGIN = 'https://login.microsoftonline.com/common/oauth2/v2.0';
// offline_access: a refresh token comes back (Microsoft needs no prompt=consent for it, unlike Google).
const SCOPE = 'offline_access Calendars.ReadWrite User.Read';

const TokenAnswer = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1).optional(), expires_in: z.coerce.number().int().positive().optional() });
const ErrorAnswer = z.object({ error: z.string(), error_description: z.string().optional() });

// Answers meaning the person must consent again: the grant was revoked or expired, or a policy (MFA) now asks them to sign in.
const WITHDRAWN = new Set(['invalid_grant', 'interaction_required', 'consent_required', 'login_required']);

/**
 * The OAuth2 authorization-code flow against Microsoft's identity platform, over plain
 * HTTP (RFC 6749 form posts checked with zod). MSAL is not used: it keeps refresh tokens
 * inside its own cache instead of handing them out to be sealed in our rows, and it
 * accepts only https authorities, so it could not be pointed at a local fake.
 */
export function microsoftOAuth(config: MicrosoftOAuthConfig) {
  const tokenUrl = config.tokenUrl ?? `${LOGIN}/token`;
  const now = config.now ?? Date.now;

  const tokenRequest = async (grant: Record<string, string>, previousRefresh: string | null): Promise<CalendarTokens> => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: config.clientId, client_secret: config.clientSecret, scope: SCOPE, ...grant }),
    });
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const problem = ErrorAnswer.safeParse(json);
      const message = problem.success ? `${problem.data.error}: ${problem.data.error_description ?? ''}`.trim() : `token endpoint answered ${response.status}`;
      // Only a refresh can find the grant withdrawn; a refused code is a failed connect.
      if (previousRefresh !== null && problem.success && WITHDRAWN.has(problem.data.error)) throw new CalendarAccessRevoked(message);
      throw new Error(`Microsoft sign-in: ${message}`);
    }
    const answer = TokenAnswer.parse(json);
    const refreshToken = answer.refresh_token ?? previousRefresh;
    if (!refreshToken) throw new Error('Microsoft returned no refresh token: the offline_access scope must be granted');
    return { accessToken: answer.access_token, refreshToken, expiresAt: answer.expires_in ? now() + answer.expires_in * 1000 : null };
  };

  return {
    now,
    authUrl(state: string, redirectUri: string): string {
      const url = new URL(config.authorizeUrl ?? `${LOGIN}/authorize`);
      // select_account: someone signed in to several Microsoft accounts picks the one whose calendar this is.
      for (const [key, value] of Object.entries({ client_id: config.clientId, response_type: 'code', redirect_uri: redirectUri, response_mode: 'query', scope: SCOPE, state, prompt: 'select_account' })) {
        url.searchParams.set(key, value);
      }
      return url.href;
    },
    exchangeCode: (code: string, redirectUri: string) => tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, null),
    /** New tokens for a refresh token (Microsoft rotates it: the answer's one must be saved). */
    refresh: (refreshToken: string) => tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken),
  };
}

/** The OAuth client of {@link microsoftOAuth}. */
export type MicrosoftOAuth = ReturnType<typeof microsoftOAuth>;
