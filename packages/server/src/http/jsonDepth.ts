/**
 * The deepest nesting of objects and arrays a request body may have. The deepest request of the
 * API (a plan's per-zone coverage inside the body) is 2 levels; 32 leaves room for any future
 * shape while keeping every walk over a parsed body shallow.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply `text`'s objects and arrays nest, read from the raw text in one pass without
 * parsing it (brackets inside strings do not count). Stops counting past 1000, so a hostile body
 * costs one linear scan. Malformed JSON is left for the parser to refuse.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > 1000) return deepest;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return deepest;
}
