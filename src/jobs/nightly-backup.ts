import { z } from 'zod';
import type { FileStore } from '../app/shared/file-store.ts';
import { pruneStoredBackups, storeBackup } from '../db/stored-backups.ts';
import type { JobDefinition } from './job-definition.ts';

/** Where the nightly backup goes and how many to keep. */
export interface BackupSettings {
  databaseUrl: string;
  /** `backups/` of this store: DATA_DIR/backups on disk, or the S3_URL bucket. */
  store: FileStore;
  retention: number;
  /** BACKUP_KEY: encrypt the backups. */
  key?: string | undefined;
}

/** Every night at 03:00 (server time): a full backup to the file store's `backups/`, keeping the newest N. */
export function nightlyBackup(settings: BackupSettings): JobDefinition<Record<string, never>> {
  return {
    name: 'nightly-backup',
    payload: z.object({}).strict(),
    every: '0 3 * * *',
    lockLifetimeMs: 60 * 60_000,
    async handle(_payload, { ctx, logger }) {
      const backup = await storeBackup(settings.databaseUrl, settings.store, new Date(ctx.now()), { key: settings.key });
      const removed = await pruneStoredBackups(settings.store, settings.retention);
      logger.info({ key: backup.key, store: settings.store.kind, removed: removed.length }, 'nightly backup written');
    },
  };
}
