import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, onEachDatabase, type World } from './helpers.js';

/**
 * The OpenAPI document is a contract: the web app's typed client is generated from it
 * (openapi-typescript), so it must lint clean under Redocly's recommended rules — an operationId
 * on every operation (the client's function names), servers, a 2xx answer on every operation,
 * declared tags. The rules and the one switched off are in packages/server/redocly.yaml.
 */
const REDOCLY_CONFIG = fileURLToPath(new URL('../redocly.yaml', import.meta.url));
const ROOT_PACKAGE = fileURLToPath(new URL('../../../package.json', import.meta.url));

type Operation = {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, unknown> }>;
};
type Doc = {
  info: { license?: { name: string } };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(doc: Doc): { key: string; operation: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );
}

onEachDatabase((kind) => {
  let world: World;
  let source: string;
  let doc: Doc;
  beforeAll(async () => {
    world = await makeWorld(kind);
    const response = await world.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    source = response.body;
    doc = response.json();
  }, 60_000);
  afterAll(() => world?.close());

  describe('the OpenAPI document', () => {
    it("passes Redocly's recommended lint (packages/server/redocly.yaml), warnings included", async () => {
      const config = await loadConfig({ configPath: REDOCLY_CONFIG });
      const problems = await lintFromString({
        source,
        absoluteRef: 'openapi.json',
        config,
      });
      const listed = problems.map(
        (p) =>
          `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`,
      );
      expect(listed).toEqual([]);
    });

    it('names every operation with a unique camelCase operationId, the one its route declares', () => {
      const all = operations(doc);
      // The route table (app.ts) holds each route's declaration; HEAD twins are not documented.
      const declared = world.app.routeTable.filter(
        (r) => r.operationId !== undefined && r.method !== 'HEAD',
      );
      expect(all.length).toBe(declared.length);
      for (const route of declared) {
        const path = route.url.replace(/:(\w+)/g, '{$1}');
        expect(doc.paths[path]?.[route.method.toLowerCase()]?.operationId, route.url).toBe(
          route.operationId,
        );
      }
      const seen = new Map<string, string>();
      for (const { key, operation } of all) {
        expect(operation.operationId, key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        const id = operation.operationId as string;
        expect(seen.get(id), `${key} and ${seen.get(id)} share ${id}`).toBeUndefined();
        seen.set(id, key);
      }
    });

    it('derives the ids of a record kind from the kind, and keeps the hand-written ones', () => {
      const idOf = (method: string, path: string) => doc.paths[path]?.[method]?.operationId;
      expect(idOf('get', '/api/patients/{id}/plans')).toBe('listPlans');
      expect(idOf('get', '/api/patients/{id}/plans/{planId}')).toBe('getPlan');
      expect(idOf('post', '/api/patients/{id}/plans')).toBe('createPlan');
      expect(idOf('post', '/api/patients/{id}/adverse-events')).toBe('createAdverseEvent');
      expect(idOf('patch', '/api/patients/{id}/adverse-events/{eventId}')).toBe(
        'patchAdverseEvent',
      );
      expect(idOf('get', '/api/patients/{id}/series')).toBe('listSeries');
      expect(idOf('get', '/api/patients/{id}/series/{seriesId}')).toBe('getSeries');
      expect(idOf('patch', '/api/patients/{id}')).toBe('patchPatient');
      expect(idOf('post', '/api/auth/login')).toBe('login');
    });

    it('is served from the same origin, and says the licence package.json says', () => {
      expect(doc.servers).toEqual([{ url: '/' }]);
      const license = JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')).license;
      expect(doc.info.license).toEqual({ name: license });
    });

    it('documents every refusal as application/problem+json, as it is sent, even where the answer is a file', () => {
      // A typed client reads an error by its documented media type.
      for (const { key, operation } of operations(doc))
        for (const [status, response] of Object.entries(operation.responses ?? {}))
          if (/^[45]/.test(status))
            expect(Object.keys(response.content ?? {}), `${key} ${status}`).toEqual([
              'application/problem+json',
            ]);
      const photo = doc.paths['/api/patients/{id}/photos/{photoId}']?.get;
      expect(Object.keys(photo?.responses?.['200']?.content ?? {})).toEqual([
        'image/jpeg',
        'image/png',
      ]);
    });

    it('documents the photo upload as a required body of JPEG or PNG bytes', () => {
      const upload = doc.paths['/api/patients/{id}/photos']?.post as
        | { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }
        | undefined;
      expect(upload?.requestBody?.required).toBe(true);
      expect(upload?.requestBody?.content).toEqual({
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
      });
    });

    it('an error answer carries the media type the document names for it', async () => {
      const response = await world.app.inject({ method: 'GET', url: '/api/patients' });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });
});
