import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../app.js';
import { adverseEventRoutes } from './adverseEvents.js';
import { assessmentRoutes } from './assessments.js';
import { consentRoutes } from './consents.js';
import { photoRoutes } from './photos.js';
import { sessionRoutes } from './sessions.js';

/** The clinical records of a patient's journey (issue 5): one plugin per kind of record. */
export function recordRoutes(context: RouteContext) {
  return async (app: FastifyInstance) => {
    await app.register(sessionRoutes(context));
    await app.register(assessmentRoutes(context));
    await app.register(adverseEventRoutes(context));
    await app.register(consentRoutes(context));
    await app.register(photoRoutes(context));
  };
}
