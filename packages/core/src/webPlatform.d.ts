/**
 * The few web-platform globals the core uses. They exist in every browser and in Node alike, but
 * the core compiles with neither the DOM library nor Node's types (so that nothing Node-only
 * slips in), so each one it needs is declared here, and only what it needs.
 */

/** WHATWG Encoding: a string as UTF-8 bytes, a lone surrogate as U+FFFD. */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
