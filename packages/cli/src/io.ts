import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { UsageError } from './usageError.js';

/** Read and parse a JSON file ("-" is standard input), with errors a user can act on. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : String(code ?? error);
    throw new UsageError(`cannot read ${what} ${path}: ${reason}; check the path`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${what} ${path} is not valid JSON${jsonErrorPlace(text, error)}; fix the file and try again`,
    );
  }
}

/** Write a file whole or not at all: a temporary file beside it, then an atomic rename. */
export function writeFileAtomic(path: string, content: string): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot write ${path}: ${code === 'ENOENT' ? 'its folder does not exist' : String(code ?? error)}`,
    );
  }
}

/** " at line L, column C" for a JSON.parse error whose message gives a position. */
function jsonErrorPlace(text: string, error: unknown): string {
  if (text.trim() === '') return ' (the file is empty)';
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
