/**
 * What the event loop and the embedded database's thread say to each other (pgliteThread.ts,
 * pgliteWorker.ts): open PGlite, run one statement, close it; and the answers.
 */

/** Open PGlite on a data folder (already checked and locked by the event loop), or in memory. */
export interface OpenRequest {
  readonly kind: 'open';
  readonly dataDir?: string;
}

/**
 * One compiled statement. Without parameters it goes through the simple protocol, which also
 * runs several statements at once (the migrations); with parameters, the extended protocol.
 */
export interface QueryRequest {
  readonly kind: 'query';
  readonly id: number;
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

export interface CloseRequest {
  readonly kind: 'close';
}

export type ToDatabase = OpenRequest | QueryRequest | CloseRequest;

/**
 * An error as PGlite threw it, in a form that crosses threads: a structured clone of an Error
 * keeps only its message, so the fields the server reads (`code`, `constraint`, `detail`, …)
 * travel as plain values and are put back on an Error on the other side.
 */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** PostgreSQL's fields (code, severity, detail, constraint, table, …) and PGlite's `query`. */
  readonly fields: Readonly<Record<string, string | number | boolean>>;
}

export type FromDatabase =
  | { readonly kind: 'opened' }
  | { readonly kind: 'open-failed'; readonly error: WireError }
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly rows: unknown[];
      /** Rows an INSERT, UPDATE, DELETE or MERGE changed, as PGlite counts them. */
      readonly affectedRows?: number;
    }
  | { readonly kind: 'error'; readonly id: number; readonly error: WireError }
  | { readonly kind: 'closed' }
  | { readonly kind: 'close-failed'; readonly error: WireError };

/** PGlite's error as plain values (see WireError). */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    // Not `params` (a plan's cores are half a megabyte of them) nor `queryOptions`.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[key] = value;
  }
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    fields,
  };
}

/** The Error the event loop's caller sees: the same message, name and fields as PGlite's. */
export function fromWireError(wire: WireError): Error {
  const error = Object.assign(new Error(wire.message), wire.fields);
  error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
