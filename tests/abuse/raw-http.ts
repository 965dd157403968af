import { request } from 'node:http';

/** What came back for one raw request. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends one HTTP request exactly as given — the path not normalised (`..` and `%2e`
 * reach the server as typed, which `fetch` would resolve first) and the body as raw
 * bytes — and reads the whole answer. A server that closes the connection before
 * answering (as Node does to a body past its limit) gives status 0.
 */
export function rawRequest(base: string, method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ status: 0, headers: {}, body: '' }) : reject(error)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Stack frames or source paths an answer must never show: `at fn (file:line)`, an absolute path, a module file. */
export function leakedInternals(body: string): string[] {
  const found: string[] = [];
  if (/^\s*at .+[(:]\d+|\n\s+at \S/m.test(body)) found.push('a stack frame');
  for (const marker of ['/work/', 'node_modules', 'file://', '.ts:', '.js:', '/src/', '/home/', '/root/', '/tmp/']) if (body.includes(marker)) found.push(marker);
  return found;
}
