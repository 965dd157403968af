/**
 * The benchmark's load, in a process of its own: autocannon with the options given as
 * JSON in argv[2], its result sent back over the IPC channel. Run apart so that making
 * the requests does not take the event loop of the server being measured.
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof autocannon>[0];
const result = await autocannon(options);
process.send?.(result, () => process.exit(0));
