import { ZodError } from 'zod';

/**
 * The input-validation issues a call failed with, as `path: message` lines — so a test
 * of bad input says which field was refused and why. Any other outcome (success, or a
 * different error such as a TypeError) fails the test.
 */
export async function validationIssues(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => new Error('expected the input to be refused, but the call succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof ZodError)) throw new Error(`expected a ZodError, got: ${String(error)}`, { cause: error });
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
