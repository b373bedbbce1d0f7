import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStack } from './synth.js';

const { template } = synthStack();

describe('API', () => {
  it('serves GET /sessions/{id} and GET /clients/{clientId}/sessions, both behind the Cognito user-pool authorizer', () => {
    const paths = Object.values(template.findResources('AWS::ApiGateway::Resource')).map((r) => (r as { Properties: { PathPart: string } }).Properties.PathPart);
    expect(paths.sort()).toEqual(['clients', 'sessions', 'sessions', '{clientId}', '{id}'].sort());

    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((m) => (m as { Properties: Record<string, unknown> }).Properties);
    expect(methods).toHaveLength(2);
    for (const method of methods) {
      expect(method).toMatchObject({
        HttpMethod: 'GET',
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: expect.stringMatching(/^AttuneApiAuthorizer/) },
        Integration: { Type: 'AWS_PROXY' },
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneApiUserPool'), 'Arn'] }],
    });
  });

  it('logs every request as JSON (ids and status, no bodies) and throttles the stage', () => {
    const stage = (Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as { Properties: Record<string, any> }).Properties;

    expect(stage.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AttuneApiAccessLogs/), 'Arn'] });
    const format = JSON.parse(stage.AccessLogSetting.Format as string) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', resourcePath: '$context.resourcePath', user: '$context.authorizer.claims.sub' });
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, DataTraceEnabled: false, LoggingLevel: 'ERROR' }),
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
      expect(alarm, metric).toMatchObject({ Namespace: 'AWS/States', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }] });
    }
  });

  it('alarms when an upload event lands in the dead-letter queue', () => {
    const alarm = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneWorkflowUploadEventsDlq/), 'QueueName'] } }],
    });
  });

  it('alarms on API server errors and draws a dashboard', () => {
    expect(alarms.find((a) => a.MetricName === '5XXError')).toMatchObject({ Namespace: 'AWS/ApiGateway' });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourcePropertiesCountIs('AWS::SNS::Topic', {}, 1);
  });
});
