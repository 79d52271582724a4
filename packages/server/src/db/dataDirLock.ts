import { once } from 'node:events';
import { closeSync, existsSync, openSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { codeReason, StartupError, systemReason } from '../startupError.js';

/**
 * One process at a time on an embedded database's folder: two PGlite instances on one folder
 * each keep their own buffers and WAL position, and the second one's writes silently erase the
 * first one's acknowledged ones. Node has no flock(2), and a native addon would need a compiler
 * on every clinic's machine, so the lock is made of UNIX sockets, which the kernel takes back
 * when their process ends, SIGKILL included:
 *
 * 1. an abstract socket (Linux) named after the folder's device and inode. bind(2) is atomic and
 *    the name disappears with its holder, so of any number of starters exactly one wins, and
 *    there is never a stale lock to break (no race between two starters that both find one).
 *    Abstract names live in a network namespace, hence:
 * 2. a socket file, `.microcore.lock`, in the folder: any process on this machine that sees the
 *    folder can connect to it, whatever its namespaces (a container sharing the volume). A file
 *    left by a holder that died refuses connections and is replaced. It is taken after (1), so
 *    only starters in different network namespaces can race on a stale one.
 *
 * The holder (a worker thread, see LockHolder) answers a connection with its pid and host name,
 * which the refusal names. A pid file was not chosen: its liveness check (pid alive, same start time, as PostgreSQL's
 * postmaster.pid) cannot break a stale file without a race, and a pid means nothing across pid
 * namespaces. Not covered: processes on different machines sharing a network file system, and
 * on other systems than Linux, two starters breaking the same stale socket file at once.
 */

/** The socket file's name inside the data folder. */
export const LOCK_SOCKET_NAME = '.microcore.lock';

/** How long a holder has to say who it is. */
const ANSWER_TIMEOUT_MS = 2_000;
/** A bound socket refuses connections until it listens: a holder caught in between. */
const RETRY_PAUSE_MS = 50;
const ATTEMPTS = 40;

export interface DataDirLock {
  /** The folder's absolute path. */
  readonly folder: string;
  release(): Promise<void>;
}

interface Holder {
  readonly pid?: number;
  readonly host?: string;
}

/** Take the lock on `folder` (absolute, existing), or throw a StartupError naming the holder. */
export async function lockDataDir(folder: string): Promise<DataDirLock> {
  const identity = statSync(folder, { bigint: true });
  const holder = new LockHolder(`${JSON.stringify({ pid: process.pid, host: hostname() })}\n`);
  // The socket file is reached through the folder's descriptor: a path under /proc/self/fd stays
  // short whatever the folder's, and UNIX socket paths are limited to 107 bytes.
  const folderFd = openSync(folder, 'r');
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    // Closing a socket server unlinks its file through the same path: the descriptor goes last.
    await holder.release();
    closeSync(folderFd);
  };
  try {
    if (process.platform === 'linux')
      await claim(holder, `\0microcore-data-dir:${identity.dev}:${identity.ino}`, folder, false);
    const viaFd = `/proc/self/fd/${folderFd}`;
    await claim(holder, join(existsSync(viaFd) ? viaFd : folder, LOCK_SOCKET_NAME), folder, true);
  } catch (error) {
    await release();
    throw error;
  }
  holder.unref();
  return { folder, release };
}

/**
 * Bind `address` and answer who holds it. `isFile`: a socket file outlives a holder that was
 * killed; one that refuses connections twice in a row is such a leftover and is replaced.
 */
async function claim(
  holder: LockHolder,
  address: string,
  folder: string,
  isFile: boolean,
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const failure = await holder.bind(address);
    if (failure === undefined) return;
    if (failure !== 'EADDRINUSE')
      throw new StartupError(
        `cannot lock the data folder ${folder} (${codeReason(failure)}); give the server's user write access to it, or set MICROCORE_DATA_DIR to another folder`,
        'data-dir-unusable',
      );
    const other = await ask(address);
    if (other !== 'refused' && other !== 'gone') throw inUse(folder, other);
    await pause(RETRY_PAUSE_MS);
    if (isFile && other === 'refused' && (await ask(address)) === 'refused')
      removeLeftover(address, folder);
  }
  throw inUse(folder, {});
}

/**
 * The lock's sockets live in a worker thread, so that they answer who holds the folder at once
 * even while the main thread is busy (PGlite no longer runs there, but a seed or a long request
 * may). The kernel still takes them back with the process. The worker is a few lines of plain JavaScript,
 * evaluated, so that it needs no build step of its own.
 */
class LockHolder {
  private readonly worker: Worker;
  private readonly ended: Promise<unknown>;

  constructor(answer: string) {
    this.worker = new Worker(HOLDER_SOURCE, { eval: true, workerData: { answer } });
    this.ended = new Promise((resolve) => this.worker.once('exit', resolve));
    // No 'error' listener on purpose: a holder that fails ends the process (an uncaught
    // exception) rather than letting it write on without the lock.
  }

  /** Listen on `address`: undefined when bound, else the error's code. */
  async bind(address: string): Promise<string | undefined> {
    const reply = await this.request({ bind: address });
    return reply.bound ? undefined : (reply.code ?? 'EUNKNOWN');
  }

  /** Close every socket (unlinking the socket file) and end the worker. */
  async release(): Promise<void> {
    this.worker.ref();
    this.worker.postMessage({ release: true });
    await this.ended;
  }

  /** The lock alone keeps no process alive. */
  unref(): void {
    this.worker.unref();
  }

  private async request(message: object): Promise<HolderReply> {
    const reply = once(this.worker, 'message') as Promise<[HolderReply]>;
    this.worker.postMessage(message);
    return (await reply)[0];
  }
}

interface HolderReply {
  readonly bound?: boolean;
  readonly code?: string;
}

const HOLDER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const servers = [];
parentPort.on('message', (request) => {
  if (request.bind !== undefined) {
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.end(workerData.answer);
    });
    const refused = (error) => parentPort.postMessage({ code: error.code });
    server.once('error', refused);
    server.listen(request.bind, () => {
      server.off('error', refused);
      server.on('error', () => {}); // a failed accept must not end the holder
      servers.push(server);
      parentPort.postMessage({ bound: true });
    });
  } else if (request.release) {
    const closeAll = async () => {
      for (const server of servers.reverse()) await new Promise((done) => server.close(done));
      parentPort.close();
    };
    closeAll();
  }
});
`;

/** Who listens on `address`: its answer, `refused` (nobody listens), or `gone` (no such file). */
function ask(address: string): Promise<Holder | 'refused' | 'gone'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path: address });
    let text = '';
    let connected = false;
    const done = (result: Holder | 'refused' | 'gone') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    // Connected is alive: a holder too busy to answer in time still holds the folder.
    const timer = setTimeout(() => done({}), ANSWER_TIMEOUT_MS);
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.on('end', () => done(parseHolder(text)));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return done({});
      clearTimeout(timer);
      if (error.code === 'ECONNREFUSED') return resolve('refused');
      if (error.code === 'ENOENT') return resolve('gone');
      reject(
        new StartupError(
          `cannot check who holds the data folder's lock ${address} (${systemReason(error)}); give the server's user access to it, or set MICROCORE_DATA_DIR to another folder`,
          'data-dir-unusable',
        ),
      );
    });
  });
}

function parseHolder(text: string): Holder {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; host?: unknown };
    return {
      pid: Number.isSafeInteger(parsed.pid) ? (parsed.pid as number) : undefined,
      host: typeof parsed.host === 'string' ? parsed.host : undefined,
    };
  } catch {
    return {};
  }
}

function inUse(folder: string, holder: Holder): StartupError {
  const elsewhere = holder.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
  const who =
    holder.pid === undefined
      ? `another microcore server (it did not say its process id within ${ANSWER_TIMEOUT_MS / 1000} s)`
      : `process ${holder.pid}${elsewhere} (another microcore server)`;
  return new StartupError(
    `the data folder ${folder} is in use by ${who}; stop it, or set MICROCORE_DATA_DIR to another folder`,
    'data-dir-in-use',
  );
}

function removeLeftover(file: string, folder: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new StartupError(
        `cannot remove the lock left in the data folder ${folder} by a server that stopped (${systemReason(error)}); give the server's user write access to it, or set MICROCORE_DATA_DIR to another folder`,
        'data-dir-unusable',
      );
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
