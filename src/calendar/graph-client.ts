import { z } from 'zod';
import { CalendarAccessRevoked, type CalendarTokens } from '../app/calendars/calendar-provider.ts';
import type { MicrosoftOAuth } from './microsoft-oauth.ts';

/** A Microsoft Graph answer that was not a success: its HTTP status and Graph's error code. */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(`Microsoft Graph ${status} ${code}: ${message}`);
    this.name = 'GraphError';
    this.status = status;
    this.code = code;
  }
}

const ErrorBody = z.object({ error: z.object({ code: z.string().default(''), message: z.string().default('') }) });

/** One request: a path under the Graph root (`/me/...`) or a paging link Graph gave. */
export interface GraphRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

// An access token this close to its end is refreshed first, so a call does not fail half-way.
const EARLY_MS = 60_000;

/**
 * Authorized calls to Microsoft Graph for one account (plain `fetch`): the access token is
 * refreshed when it is about to end or a call answers 401 (once; another 401 means access
 * was withdrawn), one refresh at a time, and each new pair is handed to `onTokens` to be
 * saved sealed. Links Graph returns (`@odata.nextLink`, `@odata.deltaLink`) are followed
 * only on the Graph root's own host, so a stored link never carries the token elsewhere.
 */
export function graphClient(root: string, oauth: MicrosoftOAuth, tokens: CalendarTokens, onTokens: (tokens: CalendarTokens) => Promise<void>) {
  const base = root.replace(/\/+$/, '');
  let current = tokens;
  let refreshing: Promise<void> | null = null;

  const refresh = () => {
    refreshing ??= oauth
      .refresh(current.refreshToken)
      .then(async (fresh) => {
        current = fresh;
        await onTokens(fresh).catch(() => {});
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  const urlOf = (path: string): string => {
    if (!/^https?:\/\//.test(path)) return `${base}${path}`;
    if (new URL(path).origin !== new URL(base).origin) throw new Error(`Microsoft Graph link outside ${new URL(base).origin}: not followed`);
    return path;
  };

  const send = (request: GraphRequest) =>
    fetch(urlOf(request.path), {
      method: request.method ?? 'GET',
      headers: {
        authorization: `Bearer ${current.accessToken}`,
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });

  /** The JSON of a successful answer (null for 204); a failure as {@link GraphError}, or {@link CalendarAccessRevoked}. */
  return async function call(request: GraphRequest): Promise<unknown> {
    if (current.expiresAt !== null && current.expiresAt - EARLY_MS <= oauth.now()) await refresh();
    let response = await send(request);
    if (response.status === 401) {
      await response.body?.cancel();
      await refresh();
      response = await send(request);
      if (response.status === 401) throw new CalendarAccessRevoked('Microsoft Graph refused a fresh access token (401)');
    }
    if (response.status === 204) return null;
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = ErrorBody.safeParse(json);
      throw new GraphError(response.status, error.data?.error.code ?? '', error.data?.error.message ?? response.statusText);
    }
    return json;
  };
}

/** A client of {@link graphClient}. */
export type GraphCall = ReturnType<typeof graphClient>;
