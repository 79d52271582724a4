import { accessSync, constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StartupError, systemReason } from '../startupError.js';
import { LOCK_SOCKET_NAME } from './dataDirLock.js';

const SET_ANOTHER = 'or set MICROCORE_DATA_DIR to another folder';

/**
 * The embedded database's folder, checked before anything is written to it: its absolute path,
 * created when missing. Only the folder itself is created, not its parents: a mistyped
 * MICROCORE_DATA_DIR must not quietly start a new, empty clinic somewhere else. A folder with
 * other files and no database (no PG_VERSION) is refused too: initdb would scatter a database
 * among someone's files (MICROCORE_DATA_DIR=~).
 */
export function prepareDataDir(dataDir: string): string {
  const folder = resolve(dataDir);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(folder).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      createFolder(folder);
      return folder;
    }
    if (code === 'ENOTDIR')
      throw new StartupError(
        `the data folder ${folder} cannot exist: a part of its path is a file, not a folder; ${fix('choose a path made of folders')}`,
        'data-dir-not-a-folder',
      );
    throw new StartupError(
      `cannot open the data folder ${folder} (${systemReason(error)}); give the server's user access to it, ${SET_ANOTHER}`,
      'data-dir-unusable',
    );
  }
  if (!isDirectory)
    throw new StartupError(
      `the data folder ${folder} is a file, not a folder; move the file away, ${SET_ANOTHER}`,
      'data-dir-not-a-folder',
    );
  try {
    accessSync(folder, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StartupError(
      `the data folder ${folder} is not writable (${systemReason(error)}); give the server's user write access to it, ${SET_ANOTHER}`,
      'data-dir-read-only',
    );
  }
  const entries = readdirSync(folder);
  const foreign = entries.find((name) => name !== LOCK_SOCKET_NAME && !POSTGRES_ENTRY.test(name));
  if (foreign !== undefined && !entries.includes('PG_VERSION'))
    throw new StartupError(
      `the data folder ${folder} holds files that are not a database (such as "${foreign}"); ${fix('point it at an empty or new folder')}`,
      'data-dir-not-a-database',
    );
  return folder;
}

/**
 * What PostgreSQL's initdb writes into a data folder. A first start killed while PGlite was
 * writing them leaves some without PG_VERSION; PGlite starts over on them, so they are no reason
 * to refuse.
 */
const POSTGRES_ENTRY =
  /^(PG_VERSION|base|global|pg_[a-z_]+|pg_hba\.conf|pg_ident\.conf|postgresql(\.auto)?\.conf|postmaster\.(pid|opts))$/;

function createFolder(folder: string): void {
  try {
    // Patient data: readable by the server's user alone.
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const parent = dirname(folder);
    if (code === 'EEXIST') return; // another start created it a moment ago: the lock decides
    if (code === 'ENOENT')
      throw new StartupError(
        `the data folder ${folder} does not exist, nor does the folder it would be created in (${parent}); create ${parent} first, ${SET_ANOTHER}`,
        'data-dir-parent-missing',
      );
    if (code === 'ENOTDIR')
      throw new StartupError(
        `the data folder ${folder} cannot be created: a part of its path is a file, not a folder; ${fix('choose a path made of folders')}`,
        'data-dir-not-a-folder',
      );
    throw new StartupError(
      `cannot create the data folder ${folder} (${systemReason(error)}); create it with write access for the server's user, ${SET_ANOTHER}`,
      'data-dir-unusable',
    );
  }
}

/** What to do about MICROCORE_DATA_DIR's value itself. */
function fix(what: string): string {
  return `set MICROCORE_DATA_DIR: ${what}`;
}
