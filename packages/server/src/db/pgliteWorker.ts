import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import {
  type FromDatabase,
  type QueryRequest,
  type ToDatabase,
  toWireError,
} from './pgliteMessages.js';

/**
 * The embedded database's thread: it owns the PGlite instance, so PGlite's work — WebAssembly,
 * its protocol in JavaScript, its synchronous file writes, and the garbage they leave — never
 * holds the server's event loop (pgliteThread.ts). It runs what it is sent in order of arrival;
 * the event loop's driver lends the one connection to one user at a time (pgliteDialect.ts).
 * Loaded as compiled JavaScript (dist/db/pgliteWorker.js), under `npm start` and the tests alike.
 */
const port = parentPort;
if (!port) throw new Error('pgliteWorker.js runs as a worker thread (see pgliteThread.ts)');

let pglite: PGlite | undefined;

port.on('message', (message: ToDatabase) => {
  if (message.kind === 'open') void open(message.dataDir);
  else if (message.kind === 'query') void query(message);
  else void close();
});

async function open(dataDir: string | undefined): Promise<void> {
  try {
    pglite = await PGlite.create(dataDir, {
      // date stays text (YYYY-MM-DD), as with the pg type parser in open.ts.
      parsers: { 1082: (value: string) => value },
    });
    send({ kind: 'opened' });
  } catch (error) {
    send({ kind: 'open-failed', error: toWireError(error) });
  }
}

async function query({ id, sql, parameters }: QueryRequest): Promise<void> {
  try {
    if (!pglite) throw new Error('the embedded database is not open');
    const result =
      parameters.length === 0
        ? ((await pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await pglite.query(sql, [...parameters]);
    const rows = result.rows as unknown[];
    send(
      {
        kind: 'result',
        id,
        rows,
        ...(result.affectedRows === undefined ? {} : { affectedRows: result.affectedRows }),
      },
      bytesToMove(rows),
    );
  } catch (error) {
    send({ kind: 'error', id, error: toWireError(error) });
  }
}

async function close(): Promise<void> {
  try {
    await pglite?.close();
    send({ kind: 'closed' });
  } catch (error) {
    send({ kind: 'close-failed', error: toWireError(error) });
  }
}

function send(message: FromDatabase, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/**
 * The buffers of the byte columns (a photo) in `rows`, moved to the event loop rather than
 * copied: PGlite builds a new array for each, which nothing here keeps. Only an array that is its
 * whole buffer is moved, never a view into something larger.
 */
function bytesToMove(rows: unknown[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    for (const value of Object.values(row)) {
      if (
        value instanceof Uint8Array &&
        value.buffer instanceof ArrayBuffer &&
        value.byteOffset === 0 &&
        value.byteLength === value.buffer.byteLength
      )
        buffers.add(value.buffer);
    }
  }
  return [...buffers];
}
