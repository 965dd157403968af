/**
 * Waits until `condition` holds, checking every `everyMs`; fails naming `what` after
 * `timeoutMs`. For states a test cannot be told about (rows written by another
 * process, messages reaching a fake), never to measure time.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
