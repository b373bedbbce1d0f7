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

// A path id refused as invalid is caller text (a name, an address), not an id: the trail keeps ids only,
// and names the parameter whose value was not one in its place.
const validId = (value: string | undefined): value is string => value !== undefined && IdSchema.safeParse(value).success;
const PATH_IDS = { id: 'sessionId', clientId: 'clientId', webhookId: 'webhookId' } as const;

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
    const invalidPathParameters: (keyof typeof PATH_IDS)[] = [];
    for (const [param, field] of Object.entries(PATH_IDS) as [keyof typeof PATH_IDS, (typeof PATH_IDS)[keyof typeof PATH_IDS]][]) {
      const value = params[param];
      if (value === undefined) continue;
      if (validId(value)) ids[field] ??= value;
      else invalidPathParameters.push(param);
    }
    // The touched ids are the operation's own (read from the store), but a field is kept only as an id.
    for (const field of ['sessionId', 'clientId', 'webhookId'] as const) if (ids[field] !== undefined && !validId(ids[field])) delete ids[field];
    const sourceIp = event.requestContext.identity?.sourceIp;
    const { partner } = principal;
    try {
      await deps.audit.record({
        tenantId: principal.tenantId,
        at: deps.now().toISOString(),
        actor: principal.userId,
        // A partner is named, with the scopes it called with; its reach is not a user's role.
        roles: partner ? [] : principal.roles,
        ...(partner ? { partner: partner.name, scopes: partner.scopes } : {}),
        action: route.audit,
        method: route.method,
        route: route.path,
        status: response.statusCode,
        ...ids,
        ...(invalidPathParameters.length > 0 ? { invalidPathParameters } : {}),
        requestId: call.requestId,
        ...(sourceIp ? { sourceIp } : {}),
      });
    } catch (error) {
      request.response = problemFor(error, call.requestId, route);
    }
  }
  return { after: audit, onError: audit };
}
