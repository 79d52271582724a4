/** A mistake in what the user typed or pointed at: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
