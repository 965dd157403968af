import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { FileKey, type FileStore, type StoredFileInfo } from '../app/shared/file-store.ts';
import type { S3Location } from './s3-url.ts';

/** The S3 {@link FileStore} and the client it holds (closed on shutdown). */
export interface S3FileStore extends FileStore {
  /** Releases the client's sockets. */
  close(): void;
}

/**
 * The {@link FileStore} in an S3-compatible bucket (AWS S3, MinIO, R2, …), keys under
 * the location's prefix. Puts go through the SDK's multipart `Upload`, so a backup
 * streams without its length known up front; an object appears only when complete.
 */
export function s3FileStore(location: S3Location, options: Pick<S3ClientConfig, 'requestHandler' | 'maxAttempts'> = {}): S3FileStore {
  const client = new S3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    ...(location.credentials ? { credentials: location.credentials } : {}),
    // Checksums only where the operation needs them: self-hosted servers often lack the newer CRC headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...options,
  });
  const { bucket, prefix } = location;
  const objectKey = (key: string) => `${prefix}${FileKey.parse(key)}`;
  return {
    kind: 's3',
    async put(key, body, putOptions = {}) {
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: objectKey(key), Body: body instanceof Uint8Array ? Buffer.from(body) : body, ...(putOptions.contentType ? { ContentType: putOptions.contentType } : {}) },
      });
      await upload.done();
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        if (out.Body instanceof Readable) return out.Body;
        // Outside Node the SDK answers a web stream; here it is always a Readable.
        return out.Body ? Readable.from(Buffer.from(await out.Body.transformToByteArray())) : null;
      } catch (error) {
        if (error instanceof NoSuchKey || (error instanceof Error && error.name === 'NoSuchKey')) return null;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },
    async list(keyPrefix) {
      const found: StoredFileInfo[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${keyPrefix}`, ...(token ? { ContinuationToken: token } : {}) }));
        for (const object of page.Contents ?? []) {
          if (object.Key) found.push({ key: object.Key.slice(prefix.length), size: object.Size ?? 0 });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    close() {
      client.destroy();
    },
  };
}
