import { createServer } from 'node:net';

// A server of our own listens on port 0 and asks the OS which port it got: no race.
// The ports here are for what cannot do that — PostgreSQL, the Bot API emulator, the
// service as a child process. They are picked below Linux's ephemeral range
// (32768–60999), where outgoing connections take their local ports, so only another
// test can take one between our check and the real bind; `withFreePort` (and
// `startOnFreePorts` in service-process.ts) then try again with another port.
const LOWEST = 20_000;
const HIGHEST = 32_000;

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. Someone may take it before it is
 * bound: start servers through {@link withFreePort}, or listen on port 0 where you can.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST));
    if (await canBind(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST}`);
}

/** True when a start failed because its port was taken (a Node error, PostgreSQL's log, the service's message). */
export function isPortClash(reason: unknown): boolean {
  const text = reason instanceof Error ? `${(reason as NodeJS.ErrnoException).code ?? ''} ${reason.message}` : String(reason);
  return /EADDRINUSE|address already in use|port \d+ is already in use|could not bind/i.test(text);
}

/** Runs `start` on a free port; when the port is taken before it binds, tries again on another (a few times). */
export async function withFreePort<T>(start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= attempts || !isPortClash(error)) throw error;
    }
  }
}

async function canBind(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
