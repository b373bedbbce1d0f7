/**
 * `AttuneWebhookDelivery`: partners outside the account hear of finished sessions by HTTPS; EventBridge stays
 * for consumers inside it. An EventBridge rule sends `attune.session.completed` and `attune.session.failed`
 * to DeliverWebhooks; a delivery that keeps failing ends in a dead-letter queue (and its alarm), not nowhere.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COMPLETED_DETAIL_TYPE, EVENT_SOURCE, FAILED_DETAIL_TYPE } from '../../schemas/workflow.js';

/** Lambda keeps an asynchronous event at most 6 hours; EventBridge and Lambda both want at least a minute. */
const MIN_EVENT_AGE = Duration.minutes(1);
const MAX_EVENT_AGE = Duration.hours(6);

export interface AttuneWebhookDeliveryProps {
  /**
   * The function that POSTs a session event to its tenant's webhooks (`AttuneFunctions.deliverWebhooks`). It must
   * throw when any webhook failed, so that Lambda retries the invocation.
   */
  readonly deliverWebhooks: IFunction;
  /** The bus the workflow puts `attune.session.completed` and `attune.session.failed` on. */
  readonly eventBus: IEventBus;
  /**
   * Encrypts the dead-letter queue. EventBridge is allowed to use it (kms:Decrypt, kms:GenerateDataKey) for
   * this account's queues; that is a no-op for a key the stack did not create, whose policy must allow it.
   */
  readonly encryptionKey: IKey;
  /**
   * How long an event may wait for delivery, first in EventBridge's retries and then in Lambda's, before it
   * goes to the dead-letter queue (1 minute to 6 hours).
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;
}

/**
 * Its queue and rule are created in `scope`, beside it, as `WebhookEventsDlq` and `WebhookEvents`: the ids they
 * had when AttunePipeline made them itself, so a deployed stack keeps its queue (and the events waiting in it)
 * instead of replacing it. One per scope.
 */
export class AttuneWebhookDelivery extends Construct {
  /** Sends `attune.session.completed` and `attune.session.failed` to DeliverWebhooks. */
  readonly rule: Rule;
  /** Session events DeliverWebhooks could not be given, or failed on after every retry. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AttuneWebhookDeliveryProps) {
    super(scope, id);
    const maxEventAge = props.maxEventAge ?? Duration.hours(1);
    if (maxEventAge.toSeconds() < MIN_EVENT_AGE.toSeconds() || maxEventAge.toSeconds() > MAX_EVENT_AGE.toSeconds()) {
      throw new Error(`AttuneWebhookDelivery: maxEventAge must be from 1 minute to 6 hours, not ${maxEventAge.toHumanString()}`);
    }
    const { deliverWebhooks, encryptionKey } = props;

    this.deadLetterQueue = new Queue(scope, 'WebhookEventsDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // EventBridge encrypts what it sends to the queue with the key. No-op for a key this stack did not create.
    const stack = Stack.of(this);
    encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        // SQS asks KMS with the queue's ARN as encryption context: this account's queues only.
        conditions: { StringLike: { 'kms:EncryptionContext:aws:sqs:arn': `arn:${stack.partition}:sqs:${stack.region}:${stack.account}:*` } },
      }),
    );

    // The handler throws when any webhook failed, so Lambda retries the invocation; then the queue. Sent
    // with the function's role: SendMessage and the key's data key, not the broader grant SqsDestination makes.
    const toQueue: IDestination = { bind: () => ({ destination: this.deadLetterQueue.queueArn }) };
    deliverWebhooks.configureAsyncInvoke({ maxEventAge, retryAttempts: 2, onFailure: toQueue });
    deliverWebhooks.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }));
    encryptionKey.grant(deliverWebhooks, 'kms:Decrypt', 'kms:GenerateDataKey');

    this.rule = new Rule(scope, 'WebhookEvents', {
      description: "Attune: POST completed and failed sessions to the tenants' webhooks",
      eventBus: props.eventBus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [COMPLETED_DETAIL_TYPE, FAILED_DETAIL_TYPE] },
      targets: [new LambdaFunction(deliverWebhooks, { maxEventAge, retryAttempts: 8, deadLetterQueue: this.deadLetterQueue })],
    });
  }
}
