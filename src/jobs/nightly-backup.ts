import path from 'node:path';
import { z } from 'zod';
import { backupDatabase, backupFileName, pruneBackups } from '../db/database-backup.ts';
import type { JobDefinition } from './job-definition.ts';

/** Where the nightly backup goes and how many to keep. */
export interface BackupSettings {
  databaseUrl: string;
  dir: string;
  retention: number;
  /** BACKUP_KEY: encrypt the backups. */
  key?: string | undefined;
}

/** Every night at 03:00 (server time): a full backup to DATA_DIR/backups, keeping the newest N. */
export function nightlyBackup(settings: BackupSettings): JobDefinition<Record<string, never>> {
  return {
    name: 'nightly-backup',
    payload: z.object({}).strict(),
    every: '0 3 * * *',
    lockLifetimeMs: 60 * 60_000,
    async handle(_payload, { ctx, logger }) {
      const file = path.join(settings.dir, backupFileName(new Date(ctx.now()), { encrypted: settings.key !== undefined }));
      const summary = await backupDatabase(settings.databaseUrl, file, { key: settings.key });
      const removed = await pruneBackups(settings.dir, settings.retention);
      logger.info({ file: summary.file, removed: removed.length }, 'nightly backup written');
    },
  };
}
