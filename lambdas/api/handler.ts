/**
 * The partner API (API Gateway REST, Lambda proxy integration, Cognito authorizer): one function serves
 * every route of the route table (schemas/routes.ts). Each request passes these steps (middlewares/):
 *
 * 1. resolveRoute: the route (404, or 405 with Allow);
 * 2. authenticate: the caller from the token's claims (401); authorize: their role against the route (403);
 * 3. validateRequest: the path ids, the query and the JSON body with the route's zod schemas (400 naming
 *    each field; 413 oversize; 415 not JSON);
 * 4. the route's operation (operation-map.ts), under its `Idempotency-Key` on the routes that take one (a
 *    replay answers the first answer);
 * 5. problemDetails: any error as RFC 9457 problem details (schemas/problems.ts) whose `detail` never holds
 *    session content;
 * 6. auditTrail: an audit record (who, what, when, outcome; never content) for every read and write of
 *    session data, refused ones too, before the answer leaves: no audit record, no data.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { dynamoApiStores } from '../adapters/dynamodb/api-stores.js';
import { DynamoClientPlanStore } from '../adapters/dynamodb/client-plans.js';
import { objectStore, documentClient, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { apiConfig, type ApiDeps } from './context.js';
import { withCors } from './cors.js';
import { auditTrail } from './middlewares/audit.js';
import { established, newCall, type ApiContext } from './middlewares/call.js';
import { authenticate, authorize } from './middlewares/caller.js';
import { idempotently } from './middlewares/idempotency.js';
import { problemDetails } from './middlewares/problem-details.js';
import { resolveRoute } from './middlewares/route.js';
import { validateRequest } from './middlewares/validate.js';
import { createOperations } from './operation-map.js';

export { PROBLEM_BASE } from '../../schemas/problems.js';
export { MAX_REQUEST_BYTES } from '../../schemas/api.js';

export function createApiHandler(deps: ApiDeps) {
  const operations = createOperations(deps);
  const runIdempotently = idempotently(deps);
  const api = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>()
    // `after` and `onError` run in the reverse order of `use`: problemDetails answers an error first, and
    // auditTrail records whichever answer leaves, last.
    .use(auditTrail(deps))
    .use(problemDetails())
    .use(resolveRoute())
    .use(authenticate())
    .use(authorize())
    .use(validateRequest())
    .handler(async (_event, { call }) => {
      const request = established(call.request, 'validated request');
      const operation = operations[established(call.route, 'route').operationId];
      return call.principal ? runIdempotently(request, operation) : operation(request);
    });
  // This middy gets no Lambda context (withObservability's, around it, has that): its context is the call.
  // The web app's origin (another origin than the API's in AWS) may read the answer: cors.ts.
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    withCors(await api(event, { call: newCall(event) } as ApiContext), event, deps.config.webOrigin);
}

/**
 * The API's dependencies from its configuration and clients: in AWS (below) and locally
 * (local/runtime/handlers.ts), where a webhook receiver is usually a script on the same machine.
 */
export function wire(
  config: FunctionConfig<'Api'>,
  clients: Pick<HandlerClients, 'objects' | 'documents'>,
  options: { allowLoopbackWebhooks: boolean } = { allowLoopbackWebhooks: false },
): ApiDeps {
  return {
    ...dynamoApiStores(clients.documents, config.TABLE_NAME),
    plans: new DynamoClientPlanStore(clients.documents, config.TABLE_NAME),
    objects: clients.objects,
    config: apiConfig(config, options),
    now: () => new Date(),
    newId: () => randomUUID(),
  };
}

/** The AWS wiring, built on the first request (not at import, so tests and tools can import the factory). */
function createAwsApiHandler() {
  const config = functionConfig('Api');
  // WHEN_REQUIRED: otherwise the presigner signs a checksum of an empty body into the URL and S3 refuses every upload.
  return createApiHandler(wire(config, { objects: objectStore(config, 'WHEN_REQUIRED'), documents: documentClient(config.AWS_REGION) }));
}

let aws: ReturnType<typeof createApiHandler> | undefined;

export const handler = withObservability((event: APIGatewayProxyEvent) => {
  aws ??= createAwsApiHandler();
  return aws(event);
});
