/**
 * Every operation of the OpenAPI document has an operationId: the web app's typed client
 * (openapi-typescript + openapi-fetch) names its calls by them, so they are part of the API. Each
 * route declares its own (`schema.operationId`, beside its `config.audit`); a documented route
 * without one, or with one another route has, cannot be registered, so such a server does not
 * start.
 */

/** camelCase, letters and digits: a function name in any client, and URL-safe. */
export const OPERATION_ID = /^[a-z][a-zA-Z0-9]*$/;

export interface DeclaredRoute {
  readonly method: string | string[];
  readonly url: string;
  readonly schema?: { readonly hide?: boolean; readonly operationId?: string };
}

/** The operationIds claimed so far, each with the route that claimed it. */
export class OperationIds {
  readonly #claimed = new Map<string, string>();

  claim(route: DeclaredRoute): void {
    // Routes hidden from the document (the document itself, the docs' pages and assets) need none.
    if (route.schema?.hide === true) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method])
      // The HEAD twin Fastify adds to each GET is left out of the document too.
      .filter((method) => method !== 'HEAD');
    for (const method of methods) {
      const key = `${method} ${route.url}`;
      const id = route.schema?.operationId;
      if (id === undefined)
        throw new Error(`route ${key} declares no operationId (schema.operationId)`);
      if (!OPERATION_ID.test(id))
        throw new Error(`route ${key}: operationId "${id}" is not camelCase letters and digits`);
      const holder = this.#claimed.get(id);
      if (holder !== undefined)
        throw new Error(`route ${key}: operationId "${id}" is already ${holder}'s`);
      this.#claimed.set(id, key);
    }
  }
}
