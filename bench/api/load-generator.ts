/**
 * The benchmark's load, in a process of its own: autocannon with the options given as
 * JSON in argv[2], its result sent back over the IPC channel. Run apart so that making
 * the requests does not take the event loop of the server being measured.
 */
import autocannon from 'autocannon';
import { z } from 'zod';

const Options = z.object({ url: z.url(), connections: z.number().int().positive(), duration: z.number().positive(), headers: z.record(z.string(), z.string()).optional() });
const options = Options.parse(JSON.parse(process.argv[2] ?? '{}'));
const result = await autocannon(options);
process.send?.(result, () => process.exit(0));
