/**
 * The audit record (who, what, when, outcome; never content) of every authenticated call to a route that
 * reads or writes session data, refused ones too, written before the answer leaves. HIPAA audit controls:
 * data leaves only with its audit record, so when the record cannot be written the answer is withheld.
 */
import type { Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { IdSchema } from '../../../schemas/session-record.js';
import type { ApiDeps } from '../context.js';
import type { ApiContext, ApiMiddleware } from './call.js';
import { problemFor } from './problem-details.js';

type ApiRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>;

// A path id refused as invalid is caller text (a name, an address), not an id: the trail keeps ids only.
const validId = (value: string | undefined): value is string => value !== undefined && IdSchema.safeParse(value).success;

/** after and onError (after problemDetails has answered the error): audits the answer as it leaves. */
export function auditTrail(deps: Pick<ApiDeps, 'audit' | 'now'>): ApiMiddleware {
  async function audit(request: ApiRequest): Promise<void> {
    const {
      event,
      context: { call },
      response,
    } = request;
    const { principal, route, params = {} } = call;
    if (!principal || !route?.audit || !response) return;
    const ids = { ...call.touched };
    if (validId(params.id)) ids.sessionId ??= params.id;
    if (validId(params.clientId)) ids.clientId ??= params.clientId;
    if (validId(params.webhookId)) ids.webhookId ??= params.webhookId;
    const sourceIp = event.requestContext.identity?.sourceIp;
    try {
      await deps.audit.record({
        tenantId: principal.tenantId,
        at: deps.now().toISOString(),
        actor: principal.userId,
        roles: principal.roles,
        action: route.audit,
        method: route.method,
        route: route.path,
        status: response.statusCode,
        ...ids,
        requestId: call.requestId,
        ...(sourceIp ? { sourceIp } : {}),
      });
    } catch (error) {
      request.response = problemFor(error, call.requestId, route);
    }
  }
  return { after: audit, onError: audit };
}
