/** Webhook delivery: the session events on Attune's bus go to DeliverWebhooks, and what cannot be delivered is kept. */
import { describe, expect, it } from 'vitest';
import { functionLogicalId, synthStack } from './synth.js';

const { template } = synthStack();
type Resource = { Properties: Record<string, any> };
const rules = Object.values(template.findResources('AWS::Events::Rule') as Record<string, Resource>).map((r) => r.Properties);
const deliverWebhooks = functionLogicalId(template, 'DeliverWebhooks');
const queueId = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('AttuneWebhookEventsDlq'))!;

describe('webhook delivery', () => {
  it('sends completed and failed sessions from the Attune bus to DeliverWebhooks, retried for an hour, then to a dead-letter queue', () => {
    const rule = rules.find((r) => r.EventPattern.source?.[0] === 'attune')!;

    expect(rule.EventBusName).toEqual({ Ref: expect.stringMatching(/^AttuneEvents/) });
    expect(rule.EventPattern).toEqual({ source: ['attune'], 'detail-type': ['attune.session.completed', 'attune.session.failed'] });
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [deliverWebhooks, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      }),
    ]);
  });

  it('retries a failed delivery and then keeps the event in the same queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: deliverWebhooks },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it('encrypts the dead-letter queue with the Attune key and refuses plain HTTP to it', () => {
    const queue = (template.findResources('AWS::SQS::Queue') as Record<string, Resource>)[queueId]!.Properties;
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy') as Record<string, Resource>).map((p) => p.Properties);
    const policy = policies.find((p) => JSON.stringify(p.Queues).includes(queueId))!;

    expect(queue).toMatchObject({ KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneStorageKey/), 'Arn'] }, MessageRetentionPeriod: 1209600 });
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Only the rule may send there, and EventBridge may use the key for queues of this account.
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': expect.anything() } },
      }),
    );
    const key = Object.values(template.findResources('AWS::KMS::Key') as Record<string, Resource>)[0]!.Properties;
    expect(key.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: { StringLike: { 'kms:EncryptionContext:aws:sqs:arn': expect.anything() } },
      }),
    );
  });

  it('gives DeliverWebhooks the table name only', () => {
    const fn = (template.findResources('AWS::Lambda::Function') as Record<string, Resource>)[deliverWebhooks]!.Properties;

    expect(Object.keys(fn.Environment.Variables).filter((name) => !name.startsWith('POWERTOOLS_'))).toEqual(['TABLE_NAME']);
    expect(fn.VpcConfig).toBeUndefined();
  });
});
