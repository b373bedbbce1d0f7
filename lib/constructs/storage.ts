/**
 * Where Attune keeps data: one customer-managed KMS key, the uploads bucket (raw recordings, deleted as
 * soon as their transcript exists), the artifacts bucket (transcripts and results), a server-access-log
 * bucket, and the sessions table.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIXES } from '../../schemas/storage-layout.js';

/** Raw uploads arrive under this prefix as `uploads/<tenant>/<client>/<session>.<ext>` (schemas/storage-layout.ts). */
export const UPLOADS_PREFIX = PREFIXES.uploads;
/** Deletion receipts of expiries (ExpireSessions), as `receipts/<tenant>/<yyyy-mm-dd>/<receiptId>.json`: ids, keys and counts only. */
export const RECEIPTS_PREFIX = PREFIXES.receipts;
/** Amazon Transcribe writes its JSON here; NormalizeTranscript deletes it once the canonical transcript exists. */
export const TRANSCRIBE_OUTPUT_PREFIX = PREFIXES.transcribeOutput;
/** The canonical transcripts (and their analyses), which the API serves with `?include=transcript`. */
export const TRANSCRIPTS_PREFIX = PREFIXES.transcripts;

/**
 * Sessions table key design (the DynamoDB adapter, lambdas/adapters/dynamodb, uses exactly these names):
 * - base table: `pk` = `TENANT#<tenant>#SESSION#<session>`, `sk` = `SESSION` (one item per session)
 * - GSI `byClient`: `gsi1pk` = `TENANT#<tenant>#CLIENT#<client>`,
 *   `gsi1sk` = `DATE#<yyyy-mm-dd>#SESSION#<session>` (a client's sessions by date), projection ALL
 * - TTL attribute `expiresAt` (epoch seconds): DynamoDB erases a session `retentionDays` after it arrived
 * - sparse GSI `reviewQueue`: `reviewQueue` = `TENANT#<tenant>#REVIEW#<level>`, sort key `gsi1sk`, projecting the
 *   keys and `clientId` only; just the sessions awaiting a clinician's review carry the attribute
 * Every key starts with the tenant, so no query can cross tenants.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byClientIndex: 'byClient',
  byClientPartitionKey: 'gsi1pk',
  byClientSortKey: 'gsi1sk',
  reviewQueueIndex: 'reviewQueue',
  reviewQueuePartitionKey: 'reviewQueue',
  ttlAttribute: 'expiresAt',
} as const;

/** How long an overwritten or deleted server access log stays recoverable (a noncurrent version). */
const ACCESS_LOG_RECOVERY_DAYS = 30;

export interface AttuneStorageProps {
  /**
   * Use this key instead of creating one. Its key policy must let IAM policies in this account grant its use
   * (the default key policy does) and let CloudWatch Logs (`logs.<region>.amazonaws.com`) use it for this
   * account's log groups, as COMPLIANCE.md shows: a key this construct did not create cannot be changed by it.
   * @default a new customer-managed key with yearly rotation
   */
  readonly encryptionKey?: IKey;
  /**
   * How long transcripts and results are kept in the artifacts bucket; match the table's TTL.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * What happens to the key, the table and the buckets when the stack is deleted. Buckets are only deleted when empty.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long S3 server access logs are kept (a deleted or expired log stays 30 more days as a noncurrent version).
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
}

export class AttuneStorage extends Construct {
  readonly key: IKey;
  readonly uploadsBucket: Bucket;
  readonly artifactsBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly table: Table;

  constructor(scope: Construct, id: string, props: AttuneStorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retentionDays = props.retentionDays ?? 365;
    const oneDay = Duration.days(1);

    this.key =
      props.encryptionKey ??
      new Key(this, 'Key', {
        description: 'Attune: encrypts session recordings, transcripts, results and the sessions table',
        enableKeyRotation: true,
        removalPolicy,
      });
    // The functions', workflow's and API's log groups are encrypted with this key. CloudWatch Logs names the
    // log group in the encryption context: this account's log groups in this Region only. No-op for a key
    // this construct did not create.
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
      }),
    );

    // Server access logs: S3 can only deliver them to an SSE-S3 bucket. They hold keys (ids), never content.
    // Versioned, as an audit trail: a log overwritten or deleted before its time stays recoverable for 30 days.
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: Duration.days(props.accessLogRetentionDays ?? 90),
          noncurrentVersionExpiration: Duration.days(ACCESS_LOG_RECOVERY_DAYS),
        },
      ],
      removalPolicy,
    });

    this.uploadsBucket = new Bucket(this, 'Uploads', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versioned so an overwrite cannot silently replace a recording mid-workflow; DeleteRawAudio removes every version.
      versioned: true,
      lifecycleRules: [
        // The backstop: a recording never outlives a day, whatever happened to its workflow.
        { id: 'ExpireRawUploads', prefix: UPLOADS_PREFIX, expiration: oneDay },
        { id: 'PurgeOldVersions', noncurrentVersionExpiration: oneDay, abortIncompleteMultipartUploadAfter: oneDay, expiredObjectDeleteMarker: true },
      ],
      removalPolicy,
    });

    this.artifactsBucket = new Bucket(this, 'Artifacts', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Not versioned: erasing a session must leave no older copy of its transcript behind.
      versioned: false,
      lifecycleRules: [
        { id: 'ExpireTranscribeOutput', prefix: TRANSCRIBE_OUTPUT_PREFIX, expiration: oneDay },
        // Retention: the table's TTL deletes a session's item, not its objects. This rule expires them after
        // the same number of days, counted from each object's creation (minutes after ValidateUpload set the
        // item's expiresAt; S3 rounds up to the next midnight UTC), so a session's transcript, note and scores
        // go within about a day of its item. Server access logs record each expiry (S3.EXPIRE.OBJECT).
        // ExpireSessions receipts each TTL deletion (and erases what this rule has not yet); having no prefix,
        // the rule also expires those receipts after the period, while the audit entries keep their ids six years.
        // Locally one sweep does both, with receipts: local/runtime/retention.ts.
        { id: 'ExpireWithRetention', expiration: Duration.days(retentionDays), abortIncompleteMultipartUploadAfter: oneDay },
      ],
      removalPolicy,
    });

    // EventBridge notifications and log delivery are set on the CloudFormation resources directly: the
    // bucket props would add a custom-resource Lambda (eventBridgeEnabled) or depend on a feature flag
    // (server access logs via ACL or policy), and an embedding app may not share our cdk.json.
    (this.uploadsBucket.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    this.logTo(this.uploadsBucket, 'uploads/');
    this.logTo(this.artifactsBucket, 'artifacts/');

    this.table = new Table(this, 'Sessions', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      // The items as they were, for ExpireSessions: a TTL deletion of a session is erased to the last object
      // and receipted (lambdas/expire-sessions/handler.ts). Old images only: the stream never carries new content.
      stream: StreamViewType.OLD_IMAGE,
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.byClientIndex,
      partitionKey: { name: TABLE_KEYS.byClientPartitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.byClientSortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
    // The review queue points at sessions; the API reads each from the table, so the index holds no content.
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.reviewQueueIndex,
      partitionKey: { name: TABLE_KEYS.reviewQueuePartitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.byClientSortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: ['clientId'],
    });
  }

  /** Sends `source`'s server access logs to the log bucket under `prefix` (the web site's bucket uses it too). */
  logTo(source: Bucket, prefix: string): void {
    (source.node.defaultChild as CfnBucket).loggingConfiguration = {
      destinationBucketName: this.accessLogsBucket.bucketName,
      logFilePrefix: prefix,
    };
    this.accessLogsBucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogsBucket.arnForObjects(`${prefix}*`)],
        conditions: { ArnLike: { 'aws:SourceArn': source.bucketArn }, StringEquals: { 'aws:SourceAccount': source.stack.account } },
      }),
    );
  }
}
