import type { JsonSchema } from './api-json-schema.ts';
import type { ApiRoute } from './api-route.ts';
import { ERROR_DESCRIPTIONS, openApiPath, operationId, parametersOf } from './openapi-document.ts';
import { jsonSchemaOf } from './api-json-schema.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The problem codes a client may meet, for the anchors problem `type`s point at. */
const PROBLEM_CODES: readonly [string, string][] = [
  ['invalid_input', 'A field is missing or wrong: issues lists each (path, message).'],
  ['unauthorized', 'No API key, or an unknown or revoked one.'],
  ['forbidden_scope', 'A read key asked to write.'],
  ['not_found', 'No such thing in this business.'],
  ['slot_taken', 'Someone has the slot: alternatives lists free ones nearby.'],
  ['slot_unavailable', 'The time cannot be booked (outside hours, too soon, too far): alternatives may list free ones.'],
  ['booking_changed', 'The booking changed since the version you sent.'],
  ['hold_expired', 'The hold lapsed: hold the slot again.'],
  ['invalid_request', 'The request makes no sense for this business (an inverted range, a range over its limit).'],
  ['idempotency_key_reused', 'The Idempotency-Key was used for another request in the last 24 hours.'],
  ['idempotency_in_progress', 'The first request with this Idempotency-Key is still running: retry shortly.'],
  ['rate_limited', 'Over the key per-minute limit: wait Retry-After seconds.'],
  ['too_many_failed_authentications', 'Too many requests without a valid key from this address in a minute (30): wait Retry-After seconds.'],
  ['unsupported_media_type', 'Send bodies as application/json.'],
  ['service_unavailable', 'The service is briefly unavailable (its database restarting): try again after Retry-After seconds, with the same Idempotency-Key to be safe.'],
];

function typeOf(schema: JsonSchema): string {
  if (typeof schema['type'] === 'string') return schema['format'] ? `${schema['type']} (${String(schema['format'])})` : String(schema['type']);
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map(String).join(' | ');
  if (Array.isArray(schema['anyOf'])) return (schema['anyOf'] as JsonSchema[]).map(typeOf).join(' or ');
  return 'any';
}

function fieldRows(fields: { name: string; where: string; required: boolean; schema: JsonSchema }[]): string {
  if (fields.length === 0) return '<p>No parameters.</p>';
  const rows = fields
    .map((f) => `<tr><td><code>${escapeHtml(f.name)}</code></td><td>${f.where}</td><td>${escapeHtml(typeOf(f.schema))}</td><td>${f.required ? 'yes' : 'no'}</td><td>${escapeHtml(String(f.schema['description'] ?? ''))}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>notes</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function bodyFields(route: ApiRoute) {
  if (!route.body) return [];
  const json = jsonSchemaOf(route.body, 'input');
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries((json['properties'] ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({ name, where: 'body', required: required.has(name), schema }));
}

function endpoint(route: ApiRoute): string {
  const fields = [
    ...[...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')].map((p) => ({ name: String(p['name']), where: String(p['in']), required: p['required'] === true, schema: p['schema'] as JsonSchema })),
    ...bodyFields(route),
  ];
  const path = route.example?.path ?? route.path;
  const writes = route.method !== 'GET';
  const curl = [
    `curl -X ${route.method} "$BOOKCHAT/api/v1${path}"`,
    `  -H "Authorization: Bearer $API_KEY"`,
    ...(writes ? ['  -H "Idempotency-Key: $(uuidgen)"'] : []),
    ...(route.body ? ['  -H "Content-Type: application/json"', `  -d '${JSON.stringify(route.example?.body ?? {})}'`] : []),
  ].join(' \\\n');
  const errors = (route.errors ?? []).map((s) => `<li>${s}: ${escapeHtml(ERROR_DESCRIPTIONS[s] ?? '')}</li>`).join('');
  return `<section id="${operationId(route)}">
<h3><span class="method">${route.method}</span> <code>${escapeHtml(openApiPath(route.path))}</code> <span class="scope">${route.scope} key</span></h3>
<p>${escapeHtml(route.summary)}</p>
${fieldRows(fields)}
<p>Answers ${route.status ?? 200} with JSON.${errors ? ' Besides 400, 401 and 429:' : ''}</p>${errors ? `<ul>${errors}</ul>` : ''}
<pre><code>${escapeHtml(curl)}</code></pre>
</section>`;
}

/** The docs page: what the API is, how to call it, and every endpoint with an example. */
export function apiDocsPage(routes: readonly ApiRoute[]): string {
  const index = routes.map((r) => `<li><a href="#${operationId(r)}">${r.method} ${escapeHtml(openApiPath(r.path))}</a></li>`).join('');
  const problems = PROBLEM_CODES.map(([code, text]) => `<dt id="problem-${code}"><code>${code}</code></dt><dd>${escapeHtml(text)}</dd>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>BookChat REST API v1</title><link rel="stylesheet" href="/api/v1/docs.css"></head>
<body><main>
<h1>BookChat REST API v1</h1>
<p>Your business's bookings, availability, customers and payments, for your website, CRM or accounting. The machine-readable description is <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<h2>Calling it</h2>
<ul>
<li><strong>Keys.</strong> Make one on the panel's API keys page (admins): it is shown once. Send it as <code>Authorization: Bearer bk_live_…</code>. A <em>read</em> key reads; a <em>write</em> key also books and changes. A revoked key stops working at once.</li>
<li><strong>JSON.</strong> Bodies are <code>application/json</code>. Instants are epoch milliseconds (UTC); days are <code>YYYY-MM-DD</code> in the business's time zone; money is in minor units (cents).</li>
<li><strong>Errors</strong> are <code>application/problem+json</code>: <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>code</code>, with <code>issues</code> for invalid fields and <code>alternatives</code> (free slots) for a taken one.</li>
<li><strong>Pages.</strong> Lists that page answer <code>{ "data": [...], "next_cursor": "…" }</code>: pass <code>next_cursor</code> back as <code>cursor</code>; null on the last page.</li>
<li><strong>Retries.</strong> Send an <code>Idempotency-Key</code> (a UUID) with every POST and PATCH: a retry with the same key and the same request gets the first answer again (the same booking) for 24 hours, with <code>Idempotent-Replayed: true</code>; the same key with another request is 422.</li>
<li><strong>Limits.</strong> Per key, 120 reads and 60 writes a minute by default; every answer carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>; over the limit is 429 with <code>Retry-After</code>.</li>
<li><strong>Another business's ids</strong> are not found (404), like ids that do not exist.</li>
</ul>
<h2>Endpoints</h2>
<ul class="index">${index}</ul>
${routes.map(endpoint).join('\n')}
<h2>Problem codes</h2>
<dl>${problems}</dl>
</main></body></html>`;
}

/** The docs page's stylesheet (served from our origin; the page loads nothing else). */
export const API_DOCS_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 4rem}
section{border-top:1px solid #ddd;padding-top:.5rem;margin-top:1.5rem}
.method{font-weight:700;color:#0b5cad}.scope{font-size:.8rem;border:1px solid #999;border-radius:.3rem;padding:0 .3rem;color:#444}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;border-bottom:1px solid #e5e5e5;padding:.25rem .5rem;vertical-align:top}
pre{background:#f0f0f0;padding:.75rem;overflow-x:auto;font-size:.85rem}.index{columns:2}
dt{margin-top:.5rem}`;
