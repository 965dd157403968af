import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An event as the fake keeps it: Google's fields our code writes and reads. */
export interface FakeGoogleEvent {
  id: string;
  status: 'confirmed' | 'cancelled';
  summary?: string;
  start: { dateTime?: string; date?: string; timeZone?: string };
  end: { dateTime?: string; date?: string; timeZone?: string };
  transparency?: string;
  extendedProperties?: { private?: Record<string, string> };
  /** The change counter value of its last change: what a sync token compares with. */
  seq: number;
}

/**
 * A local Google over real HTTP: the OAuth token endpoint (authorization_code and
 * refresh_token grants), revocation, and Calendar v3's calendarList.list and
 * events.insert/patch/delete/list (sync tokens; `expireSyncTokens` makes them answer 410;
 * `down` makes every Calendar call answer 503). Access tokens expire when told to.
 */
export interface FakeGoogleApi {
  /** http://127.0.0.1:<port> — the API root and the token host. */
  url: string;
  tokenUrl: string;
  calendars: Map<string, Map<string, FakeGoogleEvent>>;
  requests: { method: string; path: string; status: number }[];
  revoked: Set<string>;
  down: boolean;
  expireSyncTokens: boolean;
  /** Every access token issued so far stops working (the next call must refresh). */
  expireAccessTokens(): void;
  /** Adds an event someone made in Google Calendar itself. */
  addEvent(calendarId: string, event: Omit<FakeGoogleEvent, 'seq' | 'status'> & { status?: FakeGoogleEvent['status'] }): void;
  close(): Promise<void>;
}

export async function startFakeGoogleApi(options: { code: string; calendars: { id: string; summary: string; primary?: boolean; accessRole?: string }[] }): Promise<FakeGoogleApi> {
  let seq = 0;
  let issued = 0;
  const access = new Set<string>();
  const refresh = new Set<string>();
  const fake: FakeGoogleApi = {
    url: '',
    tokenUrl: '',
    calendars: new Map(options.calendars.map((c) => [c.id, new Map()])),
    requests: [],
    revoked: new Set(),
    down: false,
    expireSyncTokens: false,
    expireAccessTokens: () => access.clear(),
    addEvent: (calendarId, event) => fake.calendars.get(calendarId)!.set(event.id, { status: 'confirmed', ...event, seq: ++seq }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    return status;
  };
  const newAccess = () => {
    const token = `at-${++issued}-plaintext`;
    access.add(token);
    return token;
  };
  const handle = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<number> => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') === 'authorization_code') {
        if (form.get('code') !== options.code) return json(res, 400, { error: 'invalid_grant' });
        const rt = `rt-${++issued}-plaintext`;
        refresh.add(rt);
        return json(res, 200, { access_token: newAccess(), refresh_token: rt, expires_in: 3600, token_type: 'Bearer' });
      }
      const rt = form.get('refresh_token') ?? '';
      if (form.get('grant_type') !== 'refresh_token' || !refresh.has(rt)) return json(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      return json(res, 200, { access_token: newAccess(), expires_in: 3600, token_type: 'Bearer' });
    }
    if (url.pathname === '/revoke') {
      const token = url.searchParams.get('token') ?? new URLSearchParams(body).get('token') ?? '';
      fake.revoked.add(token);
      refresh.delete(token);
      access.delete(token);
      return json(res, 200, {});
    }
    if (fake.down) return json(res, 503, { error: { code: 503, message: 'Backend Error' } });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!access.has(bearer)) return json(res, 401, { error: { code: 401, message: 'Invalid Credentials' } });
    if (url.pathname === '/calendar/v3/users/me/calendarList') {
      return json(res, 200, { items: options.calendars.map((c) => ({ id: c.id, summary: c.summary, primary: c.primary ?? false, accessRole: c.accessRole ?? 'owner' })) });
    }
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    const events = m ? fake.calendars.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !events) return json(res, 404, { error: { code: 404, message: 'Not Found' } });
    const id = m[2] ? decodeURIComponent(m[2]) : undefined;
    const out = ({ seq: _seq, ...e }: FakeGoogleEvent) => e;
    if (req.method === 'POST' && !id) {
      const input = JSON.parse(body) as Omit<FakeGoogleEvent, 'seq'>;
      if (events.has(input.id)) return json(res, 409, { error: { code: 409, message: 'The requested identifier already exists.' } });
      const event = { ...input, status: input.status ?? 'confirmed', seq: ++seq };
      events.set(event.id, event);
      return json(res, 200, out(event));
    }
    const existing = id ? events.get(id) : undefined;
    if (req.method === 'PATCH' && id) {
      if (!existing || existing.status === 'cancelled') return json(res, 404, { error: { code: 404, message: 'Not Found' } });
      Object.assign(existing, JSON.parse(body), { id, seq: ++seq });
      return json(res, 200, out(existing));
    }
    if (req.method === 'DELETE' && id) {
      if (!existing) return json(res, 404, { error: { code: 404, message: 'Not Found' } });
      if (existing.status === 'cancelled') return json(res, 410, { error: { code: 410, message: 'Resource has been deleted' } });
      Object.assign(existing, { status: 'cancelled', seq: ++seq });
      res.writeHead(204).end();
      return 204;
    }
    if (req.method === 'GET' && !id) {
      const token = url.searchParams.get('syncToken');
      if (token && fake.expireSyncTokens) return json(res, 410, { error: { code: 410, message: 'Sync token is no longer valid, a full sync is required.' } });
      const since = token ? Number(token.replace(/^st-/, '')) : null;
      const items = [...events.values()].filter((e) => (since === null ? e.status !== 'cancelled' : e.seq > since));
      return json(res, 200, { kind: 'calendar#events', timeZone: 'Europe/Kyiv', items: items.map(out), nextSyncToken: `st-${seq}` });
    }
    return json(res, 405, { error: { code: 405, message: 'Method not allowed' } });
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      handle(req, res, body).then(
        (status) => fake.requests.push({ method: req.method ?? '', path: new URL(req.url ?? '/', 'http://x').pathname + (new URL(req.url ?? '/', 'http://x').searchParams.has('syncToken') ? '?syncToken' : ''), status }),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.tokenUrl = `${fake.url}/token`;
  return fake;
}
