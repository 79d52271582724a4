/** A mistake on the command line or in the bench's environment: reported without a stack trace. */
export class UsageError extends Error {}
