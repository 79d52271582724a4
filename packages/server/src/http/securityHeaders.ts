/**
 * The Content-Security-Policy of every answer (helmet adds the other security headers). A page of
 * this origin may run only scripts and workers served by this origin: no inline script, no eval,
 * no other host, and it may not be framed (clickjacking) or post forms elsewhere.
 *
 * Styles allow 'unsafe-inline': the component library (Mantine) writes its theme's CSS variables
 * into a <style> element at run time. Inline styles cannot run code; the script rules above are
 * what keep injected markup inert.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // data: and blob: for images the app draws itself (canvas exports, the print sheet).
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not helmet's default upgrade-insecure-requests: a clinic may serve plain http on its own
  // network (http://192.168.…), where the upgrade would make every asset fail to load.
  upgradeInsecureRequests: null,
} as const;
