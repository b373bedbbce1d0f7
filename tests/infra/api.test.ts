import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PROBLEM_BASE, PROBLEMS } from '../../schemas/problems.js';
import { ROUTES, type RouteSpec } from '../../schemas/routes.js';
import { functionLogicalId, synthStack } from './synth.js';

const { template } = synthStack();

const ROUTE_TABLE = ROUTES as readonly RouteSpec[];
type Resource = { Properties: Record<string, any> };
const resources = template.findResources('AWS::ApiGateway::Resource') as Record<string, Resource>;
// The OPTIONS methods are the web site's CORS preflights (web-site.test.ts).
const methods = Object.values(template.findResources('AWS::ApiGateway::Method') as Record<string, Resource>)
  .map((m) => m.Properties)
  .filter((m) => m.HttpMethod !== 'OPTIONS');
const gatewayResponses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse') as Record<string, Resource>).map((r) => r.Properties);

/** A method's full path, from its ResourceId up through the parents to the API's root. */
function pathOf(resourceId: unknown): string {
  const ref = (resourceId as { Ref?: string }).Ref;
  if (!ref) return '';
  const resource = resources[ref]!;
  return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
}

describe('API', () => {
  it('has exactly one method per route of the route table, each calling the api function', () => {
    const served = methods.map((m) => `${m.HttpMethod} ${pathOf(m.ResourceId) || '/'}`);

    expect(served.sort()).toEqual(ROUTE_TABLE.map((r) => `${r.method} ${r.path}`).sort());
    for (const method of methods) {
      expect(method.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
      expect(JSON.stringify(method.Integration.Uri)).toMatch(/AttuneFunctionsApi[0-9A-F]{8}/);
    }
  });

  it('puts the Cognito user-pool authorizer on every route but the public ones', () => {
    for (const route of ROUTE_TABLE) {
      const method = methods.find((m) => m.HttpMethod === route.method && pathOf(m.ResourceId) === route.path)!;
      expect(method.OperationName, route.operationId).toBe(route.operationId);
      if (route.auth === 'public') {
        expect(method.AuthorizationType, route.operationId).toBe('NONE');
        expect(method.AuthorizerId, route.operationId).toBeUndefined();
      } else {
        expect(method, route.operationId).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizerId: { Ref: expect.stringMatching(/^AttuneApiAuthorizer/) },
        });
      }
    }
    expect(methods.find((m) => pathOf(m.ResourceId) === '/openapi.json')).toMatchObject({ HttpMethod: 'GET', AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneApiUserPool'), 'Arn'] }],
    });
  });

  it('lets only this API invoke the api function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission') as Record<string, Resource>)
      .map((p) => p.Properties)
      .filter((p) => JSON.stringify(p.FunctionName).includes('AttuneFunctionsApi'));

    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    expect(JSON.stringify(permissions[0]!.SourceArn)).toMatch(/\{"Ref":"AttuneApi[0-9A-F]{8}"\},"\/\*\/\*\/\*"/);
  });

  it('creates the role groups clinician, supervisor and admin in its user pool', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup') as Record<string, Resource>).map((g) => g.Properties);

    expect(groups.map((g) => g.GroupName).sort()).toEqual(['admin', 'clinician', 'supervisor']);
    for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: expect.stringMatching(/^AttuneApiUserPool/) });
  });

  it.each([
    ['UNAUTHORIZED', 401, 'unauthorized'],
    ['EXPIRED_TOKEN', 401, 'unauthorized'],
    ['MISSING_AUTHENTICATION_TOKEN', 404, 'not-found'],
    ['ACCESS_DENIED', 403, 'forbidden'],
    ['THROTTLED', 429, 'too-many-requests'],
    ['QUOTA_EXCEEDED', 429, 'too-many-requests'],
    ['REQUEST_TOO_LARGE', 413, 'payload-too-large'],
    ['UNSUPPORTED_MEDIA_TYPE', 415, 'unsupported-media-type'],
    ['DEFAULT_4XX', 400, 'invalid-request'],
    ['DEFAULT_5XX', 500, 'internal'],
  ] as const)('answers %s itself as problem+json: %i %s', (responseType, status, problem) => {
    const response = gatewayResponses.find((r) => r.ResponseType === responseType)!;
    const body = JSON.parse(response.ResponseTemplates['application/json'] as string) as Record<string, unknown>;

    expect(response.StatusCode).toBe(String(status));
    expect(response.ResponseParameters).toMatchObject({ 'gatewayresponse.header.Content-Type': "'application/problem+json'" });
    expect(body).toEqual({
      type: `${PROBLEM_BASE}${problem}`,
      title: PROBLEMS[problem].title,
      status,
      detail: expect.any(String),
      instance: '$context.requestId',
    });
    expect(PROBLEMS[problem].status).toBe(status);
    expect(response.ResponseParameters['gatewayresponse.header.Retry-After'] !== undefined, 'Retry-After').toBe(status === 429);
  });

  it('answers a throttled request with Retry-After', () => {
    const throttled = gatewayResponses.find((r) => r.ResponseType === 'THROTTLED')!;

    expect(throttled.ResponseParameters['gatewayresponse.header.Retry-After']).toMatch(/^'\d+'$/);
  });

  it("gives the api function what its handler reads, and answers within API Gateway's 29 s", () => {
    const fn = (template.findResources('AWS::Lambda::Function') as Record<string, Resource>)[functionLogicalId(template, 'Api')]!.Properties;

    expect(
      Object.keys(fn.Environment.Variables)
        .filter((name) => !name.startsWith('POWERTOOLS_'))
        .sort(),
    ).toEqual(['ARTIFACTS_BUCKET', 'KMS_KEY_ID', 'MAX_UPLOAD_BYTES', 'NOTE_FORMAT', 'TABLE_NAME', 'UPLOADS_BUCKET', 'WEB_ORIGIN'].sort());
    expect(fn.Environment.Variables).toMatchObject({
      MAX_UPLOAD_BYTES: '2147483648',
      NOTE_FORMAT: 'soap',
      KMS_KEY_ID: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneStorageKey/), 'Arn'] },
    });
    expect(fn.Timeout).toBeLessThanOrEqual(29);
  });

  it('logs every request as JSON (ids and status, no bodies) and throttles the stage', () => {
    const stage = (Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as { Properties: Record<string, any> }).Properties;

    expect(stage.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AttuneApiAccessLogs/), 'Arn'] });
    const format = JSON.parse(stage.AccessLogSetting.Format as string) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      resourcePath: '$context.resourcePath',
      user: '$context.authorizer.claims.sub',
    });
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
        DataTraceEnabled: false,
        LoggingLevel: 'ERROR',
      }),
    ]);
    expect(stage.TracingEnabled).toBe(true);
  });

  it('creates a user pool without self sign-up, with required MFA and an immutable tenant attribute', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Schema: Match.arrayWith([Match.objectLike({ Name: 'tenant', Mutable: false, AttributeDataType: 'String' })]),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
      GenerateSecret: false,
      WriteAttributes: ['email'],
    });
  });
});

describe('observability', () => {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => (a as { Properties: Record<string, any> }).Properties);

  it('alarms on failed and timed-out executions', () => {
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      const alarm = alarms.find((a) => a.MetricName === metric);
      expect(alarm, metric).toMatchObject({
        Namespace: 'AWS/States',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
      });
    }
  });

  it('alarms when an upload event, a webhook event or an expiry lands in its dead-letter queue', () => {
    const queues = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');

    expect(queues).toHaveLength(3);
    for (const [alarm, queue] of [
      [queues[0], /^AttuneWorkflowUploadEventsDlq/],
      [queues[1], /^AttuneWebhookEventsDlq/],
      [queues[2], /^AttuneExpiryEventsDlq/],
    ] as const) {
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 1,
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(queue), 'QueueName'] } }],
      });
    }
  });

  it('alarms on API server errors and draws a dashboard', () => {
    expect(alarms.find((a) => a.MetricName === '5XXError')).toMatchObject({ Namespace: 'AWS/ApiGateway' });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourcePropertiesCountIs('AWS::SNS::Topic', {}, 1);
  });
});
