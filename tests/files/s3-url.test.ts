import { describe, expect, it } from 'vitest';
import { S3UrlSchema } from '../../src/files/s3-url.ts';

describe('S3_URL', () => {
  it.each([
    [
      's3://AKIA123:se%2Fcret@s3.eu-central-1.amazonaws.com/bookchat-files?region=eu-central-1',
      { endpoint: 'https://s3.eu-central-1.amazonaws.com', region: 'eu-central-1', bucket: 'bookchat-files', prefix: '', forcePathStyle: false, credentials: { accessKeyId: 'AKIA123', secretAccessKey: 'se/cret' } },
    ],
    [
      's3://minio:minio-secret@minio:9000/files/prod/bookchat?forcePathStyle=true&tls=false',
      { endpoint: 'http://minio:9000', region: 'us-east-1', bucket: 'files', prefix: 'prod/bookchat/', forcePathStyle: true, credentials: { accessKeyId: 'minio', secretAccessKey: 'minio-secret' } },
    ],
    ['s3://storage.example.com/files', { endpoint: 'https://storage.example.com', region: 'us-east-1', bucket: 'files', prefix: '', forcePathStyle: false }],
  ])('reads %s', (raw, expected) => {
    expect(S3UrlSchema.parse(raw)).toEqual(expected);
  });

  it.each([
    ['https://host/bucket', 's3://'],
    ['s3://key:secret@host', 'bucket'],
    ['s3://key:secret@host/B', 'bucket'],
    ['s3://key@host/bucket', 'both'],
    ['s3://key:secret@host/bucket?tls=no', 'true or false'],
    ['s3://key:secret@host/bucket?endpoint=x', 'knows only'],
    ['s3://key:secret@host/bucket?region=Not%20A%20Region', 'region'],
    ['not a url', 'URL like'],
  ])('refuses %s, saying why', (raw, message) => {
    const parsed = S3UrlSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(message);
  });
});
