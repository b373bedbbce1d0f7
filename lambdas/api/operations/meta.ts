/** `GET /openapi.json`: the API's own description, public, built once per container. */
import { json, type Access, type ApiDeps, type OperationSet } from '../context.js';
import { buildOpenApiDocument } from '../openapi.js';

let document: Record<string, unknown> | undefined;

export function createMetaOperations(_deps: ApiDeps, _access?: Access): OperationSet<'getOpenApi'> {
  return {
    async getOpenApi() {
      document ??= buildOpenApiDocument();
      // The same for every caller and changes only with a deployment.
      return json(200, document, { 'cache-control': 'public, max-age=300' });
    },
  };
}
