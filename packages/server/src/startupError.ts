import { getSystemErrorMap } from 'node:util';

/**
 * Why the server cannot start, in one line that says what is wrong and what to do (a busy port,
 * a data folder in use, a database it cannot reach). `runFromEnv` prints it and exits with 2, as
 * for a ConfigError; anything else that stops a start is a bug, printed in one line with exit 1.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    /** A stable name for tests and callers: `port-in-use`, `data-dir-in-use`, … */
    readonly code: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * `EACCES: permission denied` from a Node system error: its code and the system's description,
 * without the syscall, path or address that the caller's line names already.
 */
export function systemReason(error: unknown): string {
  const { code, errno, message } = error as NodeJS.ErrnoException;
  const known = typeof errno === 'number' ? getSystemErrorMap().get(errno) : undefined;
  if (known) return `${known[0]}: ${known[1]}`;
  const text = String(message ?? error).replace(/\s+/g, ' ');
  return code && !text.startsWith(code) ? `${code}: ${text}` : text;
}

/** `EACCES: permission denied` for an error code alone (as a worker thread reports it). */
export function codeReason(code: string): string {
  for (const [name, description] of getSystemErrorMap().values())
    if (name === code) return `${name}: ${description}`;
  return code;
}
