import type { UseCaseContext } from './use-case-context.ts';
import { readStoredFile } from './file-store.ts';

/**
 * Where an upload lives. Without object storage (`ctx.uploads` absent) its bytes are a
 * column beside its row, as they always were. With it, the bytes go to the store under
 * a key made from the row's ids and the column is left empty: a row with a type but no
 * bytes has its file in the store. Rows stored before `S3_URL` was set keep their bytes
 * and are still read from the column.
 */
export const uploadKeys = {
  logo: (businessId: string) => `uploads/${businessId}/logo`,
  staffPhoto: (businessId: string, staffId: string) => `uploads/${businessId}/staff/${staffId}/photo`,
};

/** The bytes to keep in the row's column: all of them without a store, none once the store has them. */
export async function storeUpload(ctx: UseCaseContext, key: string, data: Uint8Array, contentType: string): Promise<Buffer | null> {
  if (!ctx.uploads) return Buffer.from(data);
  // Stored before the row is written: the row never points at a file that is not there.
  await ctx.uploads.put(key, data, { contentType });
  return null;
}

/** The upload's bytes: the column's when it has them, else the store's (null when neither has any). */
export async function readUpload(ctx: UseCaseContext, key: string, column: Uint8Array | null | undefined): Promise<Buffer | null> {
  if (column && column.length > 0) return Buffer.from(column);
  return ctx.uploads ? readStoredFile(ctx.uploads, key) : null;
}

/**
 * Forgets the stored file after its row let go of it. A failure is left behind: the
 * next upload under the same key replaces the file, and nothing reads it meanwhile.
 */
export async function dropUpload(ctx: UseCaseContext, key: string): Promise<void> {
  await ctx.uploads?.delete(key).catch(() => undefined);
}
