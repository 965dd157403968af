import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';

/** An event as the fake keeps it: the Graph fields our code writes and reads. */
export interface FakeGraphEvent {
  id: string;
  subject?: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  showAs?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  singleValueExtendedProperties?: { id: string; value: string }[];
  /** Deleted (kept as a tombstone so a delta round reports `@removed`). */
  removed?: boolean;
  /** The change counter value of its last change: what a delta token compares with. */
  seq: number;
}

/**
 * A local Microsoft 365 over real HTTP, bound to 127.0.0.1: the identity platform's
 * authorize URL (not served: tests read its query) and token endpoint (authorization_code
 * and refresh_token grants; each refresh ROTATES the refresh token, the old one then
 * answers invalid_grant, as a revoked grant does), and Graph v1.0's /me, /me/calendars,
 * events by `$filter` on our extended property, insert/patch/delete, and
 * calendarView/delta (windowed, paged two events at a time by @odata.nextLink, closed by
 * @odata.deltaLink; like real Graph without `$expand`, a delta page does not show
 * extended properties). `expireDeltaTokens` makes delta tokens answer 410, `down` makes
 * every Graph call answer 503. The server is unref'd: it never keeps a test process alive.
 */
export interface FakeGraphApi {
  /** http://127.0.0.1:<port> — the host of both. */
  url: string;
  graphRoot: string;
  tokenUrl: string;
  authorizeUrl: string;
  calendars: Map<string, Map<string, FakeGraphEvent>>;
  requests: { method: string; path: string; status: number }[];
  down: boolean;
  expireDeltaTokens: boolean;
  /** Every access token issued so far stops working (the next call must refresh). */
  expireAccessTokens(): void;
  /** Every refresh token stops working: the person withdrew BookChat's access. */
  withdrawAccess(): void;
  /** Adds (or changes) an event someone made in Outlook itself. */
  addEvent(calendarId: string, event: Omit<FakeGraphEvent, 'seq'>): void;
  /** Events of a calendar that are not deleted. */
  live(calendarId: string): FakeGraphEvent[];
  close(): Promise<void>;
}

const PAGE = 2;

export async function startFakeGraphApi(options: { code: string; mail: string; calendars: { id: string; name: string; isDefaultCalendar?: boolean; canEdit?: boolean }[] }): Promise<FakeGraphApi> {
  let seq = 0;
  let issued = 0;
  const access = new Set<string>();
  const refresh = new Set<string>();
  const rounds = new Map<string, { items: unknown[]; deltaToken: string }>();
  const fake: FakeGraphApi = {
    url: '',
    graphRoot: '',
    tokenUrl: '',
    authorizeUrl: '',
    calendars: new Map(options.calendars.map((c) => [c.id, new Map()])),
    requests: [],
    down: false,
    expireDeltaTokens: false,
    expireAccessTokens: () => access.clear(),
    withdrawAccess: () => {
      refresh.clear();
      access.clear();
    },
    addEvent: (calendarId, event) => fake.calendars.get(calendarId)!.set(event.id, { ...event, seq: ++seq }),
    live: (calendarId) => [...fake.calendars.get(calendarId)!.values()].filter((e) => !e.removed),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    return status;
  };
  const graphError = (res: ServerResponse, status: number, code: string, message: string) => json(res, status, { error: { code, message } });
  const tokens = (rt: string | null) => {
    const at = `at-${++issued}-plaintext`;
    access.add(at);
    const next = `rt-${++issued}-plaintext`;
    refresh.add(next);
    if (rt) refresh.delete(rt);
    return { token_type: 'Bearer', scope: 'Calendars.ReadWrite User.Read', expires_in: 3600, access_token: at, refresh_token: next };
  };
  const out = ({ seq: _seq, removed: _removed, singleValueExtendedProperties: _p, ...e }: FakeGraphEvent) => e;
  const ms = (t: { dateTime: string; timeZone: string }) => DateTime.fromISO(t.dateTime, { zone: t.timeZone }).toMillis();
  const inWindow = (e: FakeGraphEvent, from: number, to: number) => ms(e.start) < to && ms(e.end) > from;

  const delta = (url: URL, calendarId: string, events: Map<string, FakeGraphEvent>, res: ServerResponse): number => {
    const skip = url.searchParams.get('$skiptoken');
    const base = `${fake.graphRoot}/me/calendars/${encodeURIComponent(calendarId)}/calendarView/delta`;
    let round = skip ? rounds.get(skip) : undefined;
    if (skip && !round) return graphError(res, 400, 'ErrorInvalidUrlQuery', 'unknown skip token');
    if (!round) {
      const deltaToken = url.searchParams.get('$deltatoken');
      let from: number;
      let to: number;
      let since: number | null = null;
      if (deltaToken) {
        const m = /^(\d+)_(\d+)_(\d+)$/.exec(deltaToken);
        if (!m || fake.expireDeltaTokens) return graphError(res, 410, 'SyncStateNotFound', 'The sync state generation is invalid; a full resync is required (resyncRequired).');
        [since, from, to] = [Number(m[1]), Number(m[2]), Number(m[3])];
      } else {
        from = Date.parse(url.searchParams.get('startDateTime') ?? '');
        to = Date.parse(url.searchParams.get('endDateTime') ?? '');
        if (Number.isNaN(from) || Number.isNaN(to)) return graphError(res, 400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required');
      }
      const items = [...events.values()]
        .filter((e) => (since === null ? !e.removed && inWindow(e, from, to) : e.seq > since))
        .map((e) => (e.removed || !inWindow(e, from, to) ? { id: e.id, '@removed': { reason: 'deleted' } } : out(e)));
      round = { items, deltaToken: `${seq}_${from}_${to}` };
    }
    const page = round.items.slice(0, PAGE);
    const rest = { ...round, items: round.items.slice(PAGE) };
    if (rest.items.length > 0) {
      const token = `sk${++issued}`;
      rounds.set(token, rest);
      return json(res, 200, { value: page, '@odata.nextLink': `${base}?$skiptoken=${token}` });
    }
    return json(res, 200, { value: page, '@odata.deltaLink': `${base}?$deltatoken=${round.deltaToken}` });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<number> => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/common/oauth2/v2.0/token') {
      const form = new URLSearchParams(body);
      if (form.get('client_id') !== 'ms-client-id-123' || form.get('client_secret') !== 'ms-client-secret-123') return json(res, 401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'authorization_code') {
        if (form.get('code') !== options.code || !form.get('scope')?.includes('offline_access')) return json(res, 400, { error: 'invalid_grant', error_description: 'AADSTS70000: the code is invalid.' });
        return json(res, 200, tokens(null));
      }
      const rt = form.get('refresh_token') ?? '';
      if (form.get('grant_type') !== 'refresh_token' || !refresh.has(rt)) return json(res, 400, { error: 'invalid_grant', error_description: 'AADSTS700082: The refresh token has expired or was revoked.' });
      return json(res, 200, tokens(rt));
    }
    if (fake.down) return graphError(res, 503, 'ServiceNotAvailable', 'Service unavailable');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!access.has(bearer)) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    const path = url.pathname.replace(/^\/v1\.0/, '');
    if (path === '/me') return json(res, 200, { mail: options.mail, userPrincipalName: options.mail });
    if (path === '/me/calendars') return json(res, 200, { value: options.calendars.map((c) => ({ id: c.id, name: c.name, isDefaultCalendar: c.isDefaultCalendar ?? false, canEdit: c.canEdit ?? true })) });
    const one = /^\/me\/events\/([^/]+)$/.exec(path);
    if (one) {
      const id = decodeURIComponent(one[1]!);
      const existing = [...fake.calendars.values()].map((events) => events.get(id)).find((e) => e && !e.removed);
      if (!existing) return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (req.method === 'PATCH') {
        Object.assign(existing, JSON.parse(body), { id, seq: ++seq });
        return json(res, 200, out(existing));
      }
      if (req.method === 'DELETE') {
        Object.assign(existing, { removed: true, seq: ++seq });
        res.writeHead(204).end();
        return 204;
      }
      return graphError(res, 405, 'ErrorInvalidRequest', 'method');
    }
    const m = /^\/me\/calendars\/([^/]+)\/(events|calendarView\/delta)$/.exec(path);
    const calendarId = m ? decodeURIComponent(m[1]!) : '';
    const events = fake.calendars.get(calendarId);
    if (!m || !events) return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (m[2] === 'calendarView/delta') return delta(url, calendarId, events, res);
    if (req.method === 'POST') {
      const event = { ...(JSON.parse(body) as Omit<FakeGraphEvent, 'id' | 'seq'>), id: `AAMkAD-${++issued}==/x`, seq: ++seq };
      events.set(event.id, event);
      return json(res, 201, out(event));
    }
    const filter = /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '([^']+)' and ep\/value eq '([^']+)'\)$/.exec(url.searchParams.get('$filter') ?? '');
    if (req.method === 'GET' && filter) {
      const found = [...events.values()].filter((e) => !e.removed && e.singleValueExtendedProperties?.some((p) => p.id.toLowerCase() === filter[1]!.toLowerCase() && p.value === filter[2]));
      return json(res, 200, { value: found.map((e) => ({ id: e.id })) });
    }
    return graphError(res, 400, 'ErrorInvalidRequest', 'unsupported request');
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      handle(req, res, body).then(
        (status) => fake.requests.push({ method: req.method ?? '', path: url.pathname + ([...url.searchParams.keys()].length > 0 ? `?${[...url.searchParams.keys()].join('&')}` : ''), status }),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.graphRoot = `${fake.url}/v1.0`;
  fake.tokenUrl = `${fake.url}/common/oauth2/v2.0/token`;
  fake.authorizeUrl = `${fake.url}/common/oauth2/v2.0/authorize`;
  return fake;
}
