import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Problem } from './problems.js';

/**
 * The web app (packages/web, built by `npm ci` into packages/web/dist) served from the API's own
 * origin, so its requests carry the session cookie and no CORS is needed.
 *
 * Only what the app needs is routed, and every route is public (the app's code and styles hold
 * no data; the data comes through /api, which asks for a session):
 * - `/assets/*`: Vite's hashed bundles, cached for a year (a new build has new names);
 * - `/` and the app's own paths (CLIENT_PATHS): index.html, never cached, so a new build is
 *   picked up on the next load. The app's router then draws the screen.
 * Any other path still reaches the API's 404 (problem+json): no catch-all route that a
 * misspelled API path could land on with a 200.
 */

/** The first segments of the app's own screens (packages/web/src/App.tsx). */
export const CLIENT_PATHS = ['sign-in', 'patients', 'admin', 'evidence'] as const;

/** Files at the top of the build (copied from packages/web/public), served as they are. */
export const ROOT_FILES = ['favicon.svg'] as const;

/** Where `npm run build` leaves the app, from this file's place in packages/server/dist/http. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export function webAppBuilt(webDir: string): boolean {
  return existsSync(join(webDir, 'index.html'));
}

const YEAR_S = 365 * 24 * 3600;

export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  if (!webAppBuilt(webDir)) {
    // The API works without the app; `/` says what to do instead of a bare 404.
    app.get('/', { config: { public: true }, schema: { hide: true } }, () => {
      throw new Problem(
        'not-found',
        'the web app is not built: run `npm run build` (or `npm ci`), then restart the server',
      );
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    serve: false,
    // Cache headers are set per route below; send's own defaults would cache index.html.
    cacheControl: false,
    lastModified: false,
    etag: true,
  });
  app.get('/assets/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    reply.header('cache-control', `public, max-age=${YEAR_S}, immutable`);
    return reply.sendFile(join('assets', file));
  });
  const index = (_request: unknown, reply: import('fastify').FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  app.get('/', { config: { public: true }, schema: { hide: true } }, index);
  for (const file of ROOT_FILES)
    app.get(`/${file}`, { config: { public: true }, schema: { hide: true } }, (_request, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return reply.sendFile(file);
    });
  for (const first of CLIENT_PATHS) {
    app.get(`/${first}`, { config: { public: true }, schema: { hide: true } }, index);
    app.get(`/${first}/*`, { config: { public: true }, schema: { hide: true } }, index);
  }
}
