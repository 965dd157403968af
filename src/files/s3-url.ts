import { z } from 'zod';

/** Where S3-compatible object storage is and how to reach it, read from `S3_URL`. */
export interface S3Location {
  /** `https://host[:port]` (`http://` with `tls=false`). */
  endpoint: string;
  region: string;
  bucket: string;
  /** Prepended to every key (`bookchat/` for `…/bucket/bookchat`), or empty. */
  prefix: string;
  /** Bucket in the path (`host/bucket/key`), as MinIO and most self-hosted servers want. */
  forcePathStyle: boolean;
  /** Absent: the SDK's default chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const KNOWN_OPTIONS = new Set(['region', 'forcePathStyle', 'tls']);
const bool = (value: string | null, fallback: boolean): boolean | undefined => (value === null ? fallback : value === 'true' ? true : value === 'false' ? false : undefined);

/**
 * `S3_URL`: `s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix][?region=…&forcePathStyle=true&tls=false]`.
 * Key and secret are percent-encoded (a `/` in a secret is `%2F`); leave both out to use
 * the SDK's default credentials. `region` defaults to `us-east-1`, `forcePathStyle` and
 * `tls=false` (plain http: a server on the same private network) to false.
 */
export const S3UrlSchema = z.string().transform((raw, ctx): S3Location => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('must be a URL like s3://KEY:SECRET@host:port/bucket?region=us-east-1');
  }
  if (url.protocol !== 's3:') return fail('must start with s3://');
  if (url.hostname === '') return fail('must name the storage host: s3://KEY:SECRET@host/bucket');
  const [bucket = '', ...prefix] = url.pathname.split('/').filter((s) => s !== '');
  if (!BUCKET.test(bucket)) return fail('must name a bucket (3 to 63 lower-case letters, digits, dots and dashes) after the host');
  if (prefix.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) return fail('the path after the bucket (a key prefix) may hold only letters, digits, ., _ and -');
  const unknown = [...url.searchParams.keys()].filter((k) => !KNOWN_OPTIONS.has(k));
  if (unknown.length > 0) return fail(`knows only region, forcePathStyle and tls (not ${unknown.join(', ')})`);
  const region = url.searchParams.get('region') ?? 'us-east-1';
  if (!/^[a-z0-9-]{1,40}$/.test(region)) return fail('region must be like us-east-1');
  const forcePathStyle = bool(url.searchParams.get('forcePathStyle'), false);
  const tls = bool(url.searchParams.get('tls'), true);
  if (forcePathStyle === undefined || tls === undefined) return fail('forcePathStyle and tls must be true or false');
  if ((url.username === '') !== (url.password === '')) return fail('needs both the access key and the secret (KEY:SECRET@), or neither');
  let credentials: S3Location['credentials'];
  try {
    credentials = url.username === '' ? undefined : { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) };
  } catch {
    return fail('the access key and secret must be percent-encoded');
  }
  return {
    endpoint: `${tls ? 'https' : 'http'}://${url.host}`,
    region,
    bucket,
    prefix: prefix.map((s) => `${s}/`).join(''),
    forcePathStyle,
    ...(credentials ? { credentials } : {}),
  };
});
