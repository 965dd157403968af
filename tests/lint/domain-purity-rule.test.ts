import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('lint: src/domain stays pure', () => {
  it.each([
    ["import pg from 'pg';", 'imports only luxon'],
    ["import { MikroORM } from '@mikro-orm/postgresql';", 'imports only luxon'],
    ["import { readFile } from 'node:fs/promises';", 'imports only luxon'],
    ["import Fastify from 'fastify';", 'imports only luxon'],
    ["import { x } from '../db/entities/index.ts';", 'outer layers'],
    ["import { x } from '../../bots/engine/state.ts';", 'outer layers'],
    ['export const now = Date.now();', 'No clock'],
    ['export const now = new Date();', 'No clock'],
    ['export const port = process.env.PORT;', 'No environment'],
    ['export const r = Math.random();', 'no Math.random'],
    ["import { DateTime } from 'luxon';\nexport const t = DateTime.now();", 'No clock'],
  ])('rejects `%s`', async (code, expected) => {
    const messages = await messagesFor('src/domain/example.ts', `${code}\nexport {};\n`);
    expect(messages.join('\n')).toContain(expected);
  });

  it('allows luxon, zod, domain files and dates built from values', async () => {
    const code = [
      "import { DateTime } from 'luxon';",
      "import { z } from 'zod';",
      "import { DomainError } from './domain-error.ts';",
      'export const at = (ms: number) => [new Date(ms), DateTime.fromMillis(ms), z.string(), DomainError];',
    ].join('\n');
    expect(await messagesFor('src/domain/example.ts', code)).toEqual([]);
  });

  it('does not restrict the outer layers', async () => {
    expect(await messagesFor('src/db/example.ts', "import pg from 'pg';\nexport const now = Date.now();\nexport { pg };\n")).toEqual([]);
  });
});
