/**
 * `AttunePipeline`: the whole of Attune as one construct, for a platform team's own stack:
 *
 * ```ts
 * new AttunePipeline(this, 'Attune', { transcribeMode: 'medical', retentionDays: 180 });
 * ```
 *
 * It composes storage, functions, the workflow, the API, webhook delivery and observability. Configuration props are
 * validated with the same zod schema as cdk.json context; a bad value fails synth naming the prop.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { UserPool, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import { EventBus, Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition, type IDestination, type IEventSourceDlq } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { configFromProps, type AttuneConfig } from '../config.js';
import { AttuneApi } from './api.js';
import { AttuneFunctions, type HandlerSourceProps } from './functions.js';
import { AttuneObservability } from './observability.js';
import { AttuneStorage } from './storage.js';
import { AttuneWorkflow, COMPLETED_DETAIL_TYPE, EVENT_SOURCE, FAILED_DETAIL_TYPE } from './workflow.js';

export interface AttunePipelineProps {
  /**
   * `local` for the deterministic engines, or the Amazon Bedrock model (id, inference-profile id or ARN)
   * that writes notes and rates the alliance. The functions may invoke this model and no other.
   * @default 'local'
   */
  readonly bedrockModelId?: string;
  /**
   * `medical` transcribes with Amazon Transcribe Medical (US English only).
   * @default 'standard'
   */
  readonly transcribeMode?: 'standard' | 'medical';
  /**
   * Days a session (record, transcript, results) is kept before DynamoDB TTL and S3 lifecycle erase it (1-3650).
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * The largest upload accepted, in bytes (at most 2 GiB, Amazon Transcribe's limit).
   * @default 2147483648
   */
  readonly maxUploadBytes?: number;
  /**
   * The progress-note format: soap, dap, birp, girp or narrative.
   * @default 'soap'
   */
  readonly noteFormat?: AttuneConfig['noteFormat'];
  /**
   * The clinic's note templates: per format, section order, headings and lines every note must carry
   * before it is signed (docs/templates.md), as in cdk.json context `attune:noteTemplates`. Their
   * `default` sets `noteFormat` when that is not given.
   * @default none: each format's own sections and headings
   */
  readonly noteTemplates?: AttuneConfig['noteTemplates'];
  /**
   * In a stereo recording (one speaker per channel), the channel the therapist is on.
   * @default 'left'
   */
  readonly therapistChannel?: AttuneConfig['therapistChannel'];
  /**
   * How long to wait for a transcription job before failing the session (1-240).
   * @default 120
   */
  readonly maxTranscriptionWaitMinutes?: number;
  /**
   * Encrypt everything with this key.
   * @default a new customer-managed key with rotation (or `existingKmsKeyArn`)
   */
  readonly encryptionKey?: IKey;
  /**
   * The ARN of an existing KMS key to use, as in cdk.json context `attune:existingKmsKeyArn`. Its key
   * policy must also let EventBridge (`events.amazonaws.com`) use it (kms:GenerateDataKey, kms:Decrypt)
   * for the webhook dead-letter queue, CloudWatch Logs (`logs.<region>.amazonaws.com`) for the log groups
   * and CloudWatch (`cloudwatch.amazonaws.com`) for the alarm topic, as COMPLIANCE.md shows: a key this
   * stack does not own cannot be changed by it.
   * @default a new key
   */
  readonly existingKmsKeyArn?: string;
  /**
   * Authorize API calls with this user pool; its users need the `custom:tenant` attribute.
   * @default a new user pool (or `existingUserPoolId`)
   */
  readonly userPool?: IUserPool;
  /**
   * The id of an existing user pool, as in cdk.json context `attune:existingUserPoolId`.
   * @default a new user pool
   */
  readonly existingUserPoolId?: string;
  /**
   * The bus `attune.session.completed` and `attune.session.failed` are put on.
   * @default a new, dedicated event bus
   */
  readonly eventBus?: IEventBus;
  /**
   * Where alarm notifications are emailed.
   * @default none: subscribe to the alarm topic yourself
   */
  readonly alarmEmail?: string;
  /**
   * What happens to the key, buckets, table, user pool and logs when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long function and workflow logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * API requests per second (steady) and burst, across the stage.
   * @default { rateLimit: 50, burstLimit: 100 }
   */
  readonly apiThrottling?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Create API Gateway's account-level CloudWatch role (needed for access logs). Set false when the
   * account already has one.
   * @default true
   */
  readonly apiGatewayCloudWatchRole?: boolean;
  /**
   * Where the handlers' sources are, for bundling.
   * @default this package's `lambdas/`
   */
  readonly handlerSource?: HandlerSourceProps;
}

export class AttunePipeline extends Construct {
  /** The validated configuration this pipeline was built with. */
  readonly config: AttuneConfig;
  readonly storage: AttuneStorage;
  readonly functions: AttuneFunctions;
  readonly eventBus: IEventBus;
  readonly workflow: AttuneWorkflow;
  readonly api: AttuneApi;
  /** Sends `attune.session.completed` and `attune.session.failed` to DeliverWebhooks. */
  readonly webhookRule: Rule;
  /** Session events DeliverWebhooks could not be given, or failed on after every retry. */
  readonly webhookDeadLetterQueue: Queue;
  /** Stream records of expired sessions ExpireSessions failed on after every retry (ids and stream positions, no content). */
  readonly expiryDeadLetterQueue: Queue;
  readonly observability: AttuneObservability;

  constructor(scope: Construct, id: string, props: AttunePipelineProps = {}) {
    super(scope, id);
    if (props.encryptionKey && props.existingKmsKeyArn) {
      throw new Error(`AttunePipeline: give 'encryptionKey' or 'existingKmsKeyArn', not both`);
    }
    if (props.userPool && props.existingUserPoolId) {
      throw new Error(`AttunePipeline: give 'userPool' or 'existingUserPoolId', not both`);
    }
    const config = configFromProps({
      bedrockModelId: props.bedrockModelId,
      transcribeMode: props.transcribeMode,
      retentionDays: props.retentionDays,
      maxUploadBytes: props.maxUploadBytes,
      noteFormat: props.noteFormat,
      noteTemplates: props.noteTemplates,
      therapistChannel: props.therapistChannel,
      maxTranscriptionWaitMinutes: props.maxTranscriptionWaitMinutes,
      existingKmsKeyArn: props.existingKmsKeyArn,
      existingUserPoolId: props.existingUserPoolId,
      alarmEmail: props.alarmEmail,
    });
    this.config = config;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    const encryptionKey = props.encryptionKey ?? (config.existingKmsKeyArn ? Key.fromKeyArn(this, 'ExistingKey', config.existingKmsKeyArn) : undefined);
    this.storage = new AttuneStorage(this, 'Storage', {
      ...(encryptionKey ? { encryptionKey } : {}),
      retentionDays: config.retentionDays,
      removalPolicy,
    });

    this.functions = new AttuneFunctions(this, 'Functions', {
      storage: this.storage,
      config,
      logRetention,
      logRemovalPolicy: removalPolicy,
      ...(props.handlerSource ? { handlerSource: props.handlerSource } : {}),
    });

    // A dedicated bus: subscribers get Attune's events only, and its policy is Attune's alone to set.
    this.eventBus = props.eventBus ?? new EventBus(this, 'Events', { description: 'Attune session events: ids and scores, never text' });

    this.workflow = new AttuneWorkflow(this, 'Workflow', {
      storage: this.storage,
      functions: this.functions,
      eventBus: this.eventBus,
      transcribeMode: config.transcribeMode,
      maxTranscriptionWaitMinutes: config.maxTranscriptionWaitMinutes,
      logRetention,
      logRemovalPolicy: removalPolicy,
    });

    const userPool = props.userPool ?? (config.existingUserPoolId ? UserPool.fromUserPoolId(this, 'ExistingUserPool', config.existingUserPoolId) : undefined);
    this.api = new AttuneApi(this, 'Api', {
      handler: this.functions.api,
      ...(userPool ? { userPool } : {}),
      ...(props.apiThrottling ? { throttlingRateLimit: props.apiThrottling.rateLimit, throttlingBurstLimit: props.apiThrottling.burstLimit } : {}),
      ...(props.apiGatewayCloudWatchRole !== undefined ? { cloudWatchRole: props.apiGatewayCloudWatchRole } : {}),
      logEncryptionKey: this.storage.key,
      removalPolicy,
    });

    // Webhooks: partners outside the account hear of finished sessions by HTTPS; EventBridge stays for
    // consumers inside it. A delivery that keeps failing ends in the queue (and its alarm), not nowhere.
    this.webhookDeadLetterQueue = new Queue(this, 'WebhookEventsDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.storage.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // EventBridge encrypts what it sends to the queue with the key. No-op for a key this stack did not create.
    const stack = Stack.of(this);
    this.storage.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        // SQS asks KMS with the queue's ARN as encryption context: this account's queues only.
        conditions: { StringLike: { 'kms:EncryptionContext:aws:sqs:arn': `arn:${stack.partition}:sqs:${stack.region}:${stack.account}:*` } },
      }),
    );
    const retries = { maxEventAge: Duration.hours(1) };
    // The handler throws when any webhook failed, so Lambda retries the invocation; then the queue. Sent
    // with the function's role: SendMessage and the key's data key, not the broader grant SqsDestination makes.
    const deliverWebhooks = this.functions.deliverWebhooks;
    const toQueue: IDestination = { bind: () => ({ destination: this.webhookDeadLetterQueue.queueArn }) };
    deliverWebhooks.configureAsyncInvoke({ ...retries, retryAttempts: 2, onFailure: toQueue });
    deliverWebhooks.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.webhookDeadLetterQueue.queueArn] }));
    this.storage.key.grant(deliverWebhooks, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.webhookRule = new Rule(this, 'WebhookEvents', {
      description: 'Attune: POST completed and failed sessions to the tenants\' webhooks',
      eventBus: this.eventBus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [COMPLETED_DETAIL_TYPE, FAILED_DETAIL_TYPE] },
      targets: [new LambdaFunction(deliverWebhooks, { ...retries, retryAttempts: 8, deadLetterQueue: this.webhookDeadLetterQueue })],
    });

    // Expiry receipts: DynamoDB's TTL deletes a session's item; the stream's REMOVE record (made by the
    // service, not a user's DELETE) reaches ExpireSessions, which erases what the item pointed at and writes
    // a deletion receipt and an audit entry. Filtered so only the TTL's deletions of session items invoke it.
    this.expiryDeadLetterQueue = new Queue(this, 'ExpiryEventsDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.storage.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const expireSessions = this.functions.expireSessions;
    // Lambda sends a failed batch's stream positions with the function's role: SendMessage and the key's data
    // key only, not the broader grant SqsDlq makes (GetQueueAttributes, kms:ReEncrypt*).
    const expiryFailures: IEventSourceDlq = { bind: () => ({ destination: this.expiryDeadLetterQueue.queueArn }) };
    expireSessions.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.expiryDeadLetterQueue.queueArn] }));
    this.storage.key.grant(expireSessions, 'kms:Decrypt', 'kms:GenerateDataKey');
    expireSessions.addEventSource(
      new DynamoEventSource(this.storage.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 8,
        // Stream records live 24 hours; one still failing after 6 goes to the queue, where its alarm is.
        maxRecordAge: Duration.hours(6),
        onFailure: expiryFailures,
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('REMOVE'),
            userIdentity: { type: FilterRule.isEqual('Service'), principalId: FilterRule.isEqual('dynamodb.amazonaws.com') },
            dynamodb: { Keys: { sk: { S: FilterRule.isEqual('SESSION') } } },
          }),
        ],
      }),
    );

    this.observability = new AttuneObservability(this, 'Observability', {
      stateMachine: this.workflow.stateMachine,
      deadLetterQueues: [this.workflow.deadLetterQueue, this.webhookDeadLetterQueue, this.expiryDeadLetterQueue],
      functions: Object.fromEntries(this.functions.all().map((fn) => [fn.node.id, fn])),
      api: this.api.api,
      encryptionKey: this.storage.key,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
  }
}
