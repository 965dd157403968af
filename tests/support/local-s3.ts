import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** A local S3-compatible server (s3rver) with one empty bucket, and the S3_URL that reaches it. */
export interface LocalS3 {
  url: string;
  bucket: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts s3rver on 127.0.0.1 (port 0: no race) over a fresh temporary folder, with the
 * bucket made. Real HTTP, real S3 protocol (signatures, multipart uploads, listings).
 */
export async function startLocalS3(bucket = 'bookchat-test'): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'bookchat-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    // s3rver knows one account: access key and secret S3RVER (another access key is refused).
    url: `s3://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}?region=us-east-1&forcePathStyle=true&tls=false`,
    bucket,
    port,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
