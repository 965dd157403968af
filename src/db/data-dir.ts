import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An OS account, by its numeric ids. */
export interface OsUser {
  uid: number;
  gid: number;
}

/** The OS user the embedded PostgreSQL runs as when the service runs as root. */
export const EMBEDDED_SERVER_OS_USER = 'postgres';

/**
 * Makes DATA_DIR private: created with mode 0700, and an existing one (0755 before this
 * release) tightened to it. DATA_DIR holds the app secret, the database passwords, the
 * first owner's password and the backups, so nobody else may list or enter it.
 *
 * One exception, when we run as root: the embedded server then runs as the OS user
 * `postgres`, which must pass through DATA_DIR to reach its cluster in `DATA_DIR/pg`.
 * DATA_DIR then belongs to group `postgres` with mode 0710 — that group may enter it
 * (not list it), and every file in it is 0600 to its owner. Every caller gets the same
 * answer, so a CLI run beside the service never locks the running server out.
 *
 * A directory owned by another user is left as it is: its owner decides.
 */
export async function ensurePrivateDataDir(dir: string): Promise<void> {
  // Parents keep the default mode: the server's OS user may have to pass through them.
  await mkdir(path.dirname(dir), { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const me = process.getuid?.();
  const info = await stat(dir);
  if (me === undefined || info.uid !== me) return;
  const server = me === 0 ? await osUser(EMBEDDED_SERVER_OS_USER) : undefined;
  if (server && server.uid !== me) {
    if (info.gid !== server.gid) await chown(dir, info.uid, server.gid);
    await chmod(dir, 0o710);
  } else {
    await chmod(dir, 0o700);
  }
}

/** The ids of an OS user, or undefined when there is no such user. */
export async function osUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}
