/**
 * `AttunePipeline`: the whole of Attune as one construct, for a platform team's own stack:
 *
 * ```ts
 * new AttunePipeline(this, 'Attune', { transcribeMode: 'medical', retentionDays: 180 });
 * ```
 *
 * It composes storage, functions, the workflow, the API, webhook delivery, session expiry and observability. Configuration props are
 * validated with the same zod schema as cdk.json context; a bad value fails synth naming the prop.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { UserPool, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import { EventBus, type IEventBus, type Rule } from 'aws-cdk-lib/aws-events';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { configFromProps, type AttuneConfig } from '../config.js';
import { AttuneApi } from './api.js';
import { AttuneFunctions, type HandlerSourceProps } from './functions.js';
import { AttuneObservability } from './observability.js';
import { AttuneSessionExpiry } from './session-expiry.js';
import { AttuneStorage } from './storage.js';
import { AttuneWebhookDelivery } from './webhook-delivery.js';
import { AttuneWorkflow } from './workflow.js';

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
  /** Webhooks: session events POSTed to the tenants' endpoints. */
  readonly webhookDelivery: AttuneWebhookDelivery;
  /** Sends `attune.session.completed` and `attune.session.failed` to DeliverWebhooks (`webhookDelivery.rule`). */
  readonly webhookRule: Rule;
  /** Session events DeliverWebhooks could not be given, or failed on after every retry (`webhookDelivery.deadLetterQueue`). */
  readonly webhookDeadLetterQueue: Queue;
  /** Expiry receipts: the TTL's deletions of sessions reach ExpireSessions. */
  readonly sessionExpiry: AttuneSessionExpiry;
  /** Stream records of expired sessions ExpireSessions failed on after every retry (`sessionExpiry.deadLetterQueue`). */
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

    this.webhookDelivery = new AttuneWebhookDelivery(this, 'WebhookDelivery', {
      deliverWebhooks: this.functions.deliverWebhooks,
      eventBus: this.eventBus,
      encryptionKey: this.storage.key,
    });
    this.webhookRule = this.webhookDelivery.rule;
    this.webhookDeadLetterQueue = this.webhookDelivery.deadLetterQueue;

    this.sessionExpiry = new AttuneSessionExpiry(this, 'SessionExpiry', {
      expireSessions: this.functions.expireSessions,
      table: this.storage.table,
      encryptionKey: this.storage.key,
    });
    this.expiryDeadLetterQueue = this.sessionExpiry.deadLetterQueue;

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
