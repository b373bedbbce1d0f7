/**
 * The Lambda functions: a house `AttuneFunction` with the defaults baked in, and `AttuneFunctions`, which
 * creates every handler with exactly the permissions and environment variables it needs. The grants all
 * live here so a reviewer can check least privilege in one file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AttuneConfig } from '../config.js';
import { FUNCTION_ENVIRONMENT, type FunctionName, type StackVariable } from '../../schemas/function-environment.js';
import { ARTIFACT_TRACE_PREFIXES, PREFIXES } from '../../schemas/storage-layout.js';
import { RECEIPTS_PREFIX, TABLE_KEYS, TRANSCRIBE_OUTPUT_PREFIX, TRANSCRIPTS_PREFIX, UPLOADS_PREFIX, type AttuneStorage } from './storage.js';

/** This package's root: the handlers live in `lambdas/`, the lock file next to package.json. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where GenerateNote and ScoreAlliance write their results in the artifacts bucket. */
const NOTES_PREFIX = PREFIXES.notes;
const ALLIANCE_PREFIX = PREFIXES.alliance;

/**
 * ESM bundles run `require` for the CommonJS dependencies esbuild inlines (parts of the AWS SDK and
 * Powertools): give them one.
 */
const ESM_REQUIRE_SHIM = "import { createRequire as __attuneCreateRequire } from 'node:module'; const require = __attuneCreateRequire(import.meta.url);";

export interface AttuneFunctionProps extends NodejsFunctionProps {
  /** The handler's source file; it exports `handler`. */
  readonly entry: string;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the function's log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * The KMS key that encrypts the function's log group. Its key policy must let CloudWatch Logs
   * (`logs.<region>.amazonaws.com`) use it; AttuneStorage's key does.
   * @default CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: IKey;
}

/**
 * A NodejsFunction with Attune's defaults: Node.js 24 (the newest Lambda runtime) on ARM64, X-Ray tracing,
 * its own log group with a retention, and an ESM bundle built locally by the project's esbuild (minified,
 * tree-shaken, no source map, every dependency bundled so the runtime's SDK version never matters). Docker
 * is never used.
 */
export class AttuneFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AttuneFunctionProps) {
    const { logRetention, logRemovalPolicy, logEncryptionKey, bundling, environment, ...rest } = props;
    const logGroup =
      props.logGroup ??
      new LogGroup(scope, `${id}Logs`, {
        retention: logRetention ?? RetentionDays.ONE_MONTH,
        removalPolicy: logRemovalPolicy ?? RemovalPolicy.RETAIN,
        ...(logEncryptionKey ? { encryptionKey: logEncryptionKey } : {}),
      });
    // Its own role, without AWSLambdaBasicExecutionRole (logs:* on every log group): it writes to its log group only.
    const role = props.role ?? new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    super(scope, id, {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      ...rest,
      logGroup,
      role,
      environment: { POWERTOOLS_SERVICE_NAME: 'attune', POWERTOOLS_METRICS_NAMESPACE: 'Attune', ...environment },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        minify: true,
        sourceMap: false,
        externalModules: [],
        // esbuild tree-shakes bundles anyway; said explicitly because the bundle size depends on it.
        esbuildArgs: { '--tree-shaking': 'true' },
        logLevel: LogLevel.WARNING,
        ...bundling,
      },
    });
    if (!props.role) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupRef.logGroupArn] }));
    }
  }
}

/** Where the handlers' sources are, for bundling. */
export interface HandlerSourceProps {
  /**
   * The directory holding `<function>/handler.ts` for every function.
   * @default this package's `lambdas/` directory
   */
  readonly lambdasDir?: string;
  /**
   * The directory esbuild resolves dependencies from; `lambdasDir` must be inside it.
   * @default this package's root when it has a lock file, else the directory of the nearest lock file
   */
  readonly projectRoot?: string;
  /**
   * The lock file that pins the bundled dependencies.
   * @default `package-lock.json` in `projectRoot`, else the nearest one above the working directory
   */
  readonly depsLockFilePath?: string;
}

export interface AttuneFunctionsProps {
  readonly storage: AttuneStorage;
  readonly config: AttuneConfig;
  /** @default this package's handlers */
  readonly handlerSource?: HandlerSourceProps;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** The handlers by their workflow state (and the API), each with its own role. */
export class AttuneFunctions extends Construct {
  readonly validateUpload: AttuneFunction;
  readonly normalizeTranscript: AttuneFunction;
  readonly deleteRawAudio: AttuneFunction;
  readonly markFailed: AttuneFunction;
  readonly generateNote: AttuneFunction;
  readonly scoreAlliance: AttuneFunction;
  readonly persistResults: AttuneFunction;
  readonly api: AttuneFunction;
  /** POSTs completed and failed events to the tenants' webhooks (the target of an EventBridge rule). */
  readonly deliverWebhooks: AttuneFunction;
  /** Erases and receipts sessions DynamoDB's TTL deleted (the consumer of the table's stream, AttunePipeline). */
  readonly expireSessions: AttuneFunction;

  /** The bus the functions that publish put their events on, once {@link publishEventsTo} has named it. */
  private eventBus: IEventBus | undefined;

  constructor(scope: Construct, id: string, props: AttuneFunctionsProps) {
    super(scope, id);
    const { storage, config } = props;
    const { uploadsBucket: uploads, artifactsBucket: artifacts, table, key } = storage;
    const source = props.handlerSource ?? {};
    const lambdasDir = source.lambdasDir ?? join(PACKAGE_ROOT, 'lambdas');
    const ownLock = join(PACKAGE_ROOT, 'package-lock.json');
    const useOwnRoot = source.projectRoot === undefined && source.lambdasDir === undefined && existsSync(ownLock);
    const projectRoot = source.projectRoot ?? (useOwnRoot ? PACKAGE_ROOT : undefined);
    const depsLockFilePath =
      source.depsLockFilePath ??
      (useOwnRoot ? ownLock : projectRoot && existsSync(join(projectRoot, 'package-lock.json')) ? join(projectRoot, 'package-lock.json') : undefined);

    // The value of every variable the stack sets; which function gets which is schemas/function-environment.ts.
    const env = {
      UPLOADS_BUCKET: uploads.bucketName,
      ARTIFACTS_BUCKET: artifacts.bucketName,
      TABLE_NAME: table.tableName,
      // The bus is created after the functions: publishEventsTo sets it (and synth fails until it is called).
      EVENT_BUS_NAME: '',
      KMS_KEY_ID: key.keyArn,
      MAX_UPLOAD_BYTES: String(config.maxUploadBytes),
      RETENTION_DAYS: String(config.retentionDays),
      BEDROCK_MODEL_ID: config.bedrockModelId,
      NOTE_FORMAT: config.noteFormat,
      THERAPIST_CHANNEL: config.therapistChannel,
      // The clinic's note templates (docs/templates.md), validated at synth; left unset when there are none.
      NOTE_TEMPLATES: config.noteTemplates ? JSON.stringify(config.noteTemplates) : '',
      // The web app's origin, for CORS: the site (lib/constructs/web-site.ts) sets it when the stack deploys one.
      WEB_ORIGIN: '',
    } satisfies Record<StackVariable, string>;
    const make = (id: FunctionName, extra: Partial<AttuneFunctionProps> = {}) =>
      new AttuneFunction(this, id, {
        entry: join(lambdasDir, FUNCTION_ENVIRONMENT[id].dir, 'handler.ts'),
        description: `Attune ${id}`,
        // Each handler reads only its own variables (lambdas/shared/config.ts functionConfig), so each gets only those.
        environment: Object.fromEntries(FUNCTION_ENVIRONMENT[id].variables.map((name: StackVariable) => [name, env[name]]).filter(([, value]) => value !== '')),
        ...(projectRoot ? { projectRoot } : {}),
        ...(depsLockFilePath ? { depsLockFilePath } : {}),
        ...(props.logRetention ? { logRetention: props.logRetention } : {}),
        ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
        // Logs hold ids, never content; encrypted with the data key all the same, so revoking it revokes them too.
        logEncryptionKey: key,
        ...extra,
      });

    this.validateUpload = make('ValidateUpload');
    this.normalizeTranscript = make('NormalizeTranscript', { memorySize: 1024, timeout: Duration.minutes(2) });
    this.deleteRawAudio = make('DeleteRawAudio', { timeout: Duration.minutes(1) });
    this.markFailed = make('MarkFailed');
    // Bedrock calls retry with backoff inside the handler: give them room.
    const analysis = { memorySize: 1024, timeout: Duration.minutes(5) };
    this.generateNote = make('GenerateNote', analysis);
    this.scoreAlliance = make('ScoreAlliance', analysis);
    this.persistResults = make('PersistResults');
    // API Gateway gives up after 29 s; erasing a client with many sessions is the longest request.
    this.api = make('Api', { timeout: Duration.seconds(25) });
    // Each webhook has 5 s, all of an event's webhooks are called at once; no VPC, so HTTPS goes out directly.
    this.deliverWebhooks = make('DeliverWebhooks', { timeout: Duration.seconds(30) });
    // A batch of stream records, each erasing one session's objects in both buckets.
    this.expireSessions = make('ExpireSessions', { timeout: Duration.minutes(2) });

    const grant = new Grants(key);
    // ValidateUpload: reads the upload's head and first bytes; ListBucket turns a missing object's 403 into
    // the 404 the handler reports as "missing". Creates the session and moves its status.
    grant.readObjects(this.validateUpload, uploads, `${UPLOADS_PREFIX}*`);
    grant.listBucket(this.validateUpload, uploads);
    grant.table(this.validateUpload, table.tableArn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'write');

    // NormalizeTranscript: reads a transcript upload or Transcribe's JSON, writes the canonical transcript,
    // then deletes Transcribe's copy.
    grant.readObjects(this.normalizeTranscript, uploads, `${UPLOADS_PREFIX}*`);
    grant.readObjects(this.normalizeTranscript, artifacts, `${TRANSCRIBE_OUTPUT_PREFIX}*`);
    grant.writeObjects(this.normalizeTranscript, artifacts, `${TRANSCRIPTS_PREFIX}*`);
    grant.deleteAllVersions(this.normalizeTranscript, artifacts, TRANSCRIBE_OUTPUT_PREFIX);
    grant.table(this.normalizeTranscript, table.tableArn, ['dynamodb:UpdateItem'], 'write');

    // DeleteRawAudio: every version and delete marker of an upload, and nothing outside uploads/.
    grant.deleteAllVersions(this.deleteRawAudio, uploads, UPLOADS_PREFIX);

    // MarkFailed: one conditional write of the session's status. For an execution that ended outside its
    // failure path (AttuneExecutionFailures), it also deletes the upload as DeleteRawAudio does and puts
    // `attune.session.failed` on the bus (publishEventsTo).
    grant.table(this.markFailed, table.tableArn, ['dynamodb:UpdateItem'], 'write');
    grant.deleteAllVersions(this.markFailed, uploads, UPLOADS_PREFIX);

    for (const [fn, prefix] of [
      [this.generateNote, NOTES_PREFIX],
      [this.scoreAlliance, ALLIANCE_PREFIX],
    ] as const) {
      grant.readObjects(fn, artifacts, `${TRANSCRIPTS_PREFIX}*`);
      grant.writeObjects(fn, artifacts, `${prefix}*`);
      const models = bedrockModelArns(Stack.of(this), config.bedrockModelId);
      if (models.length > 0) fn.addToRolePolicy(new PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: models }));
    }

    // PersistResults reads the note and the scores; on the model path also the transcript, to add the risk the
    // model's note found to the detector's findings and rewrite the supervision report with them.
    grant.readObjects(this.persistResults, artifacts, `${NOTES_PREFIX}*`, `${ALLIANCE_PREFIX}*`, `${TRANSCRIPTS_PREFIX}*`);
    grant.table(this.persistResults, table.tableArn, ['dynamodb:UpdateItem'], 'write');

    // The API: sessions, clients, idempotency keys, webhooks and the audit trail in the table; a client's
    // sessions through the byClient index; the review queue through its own.
    grant.table(this.api, table.tableArn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'], 'write');
    grant.table(this.api, `${table.tableArn}/index/${TABLE_KEYS.byClientIndex}`, ['dynamodb:Query'], 'read');
    grant.table(this.api, `${table.tableArn}/index/${TABLE_KEYS.reviewQueueIndex}`, ['dynamodb:Query'], 'read');
    // Presigned PUTs are signed with the API's role, so it needs the PUT (and the key) the uploader makes;
    // inline transcripts are written there directly.
    grant.writeObjects(this.api, uploads, `${UPLOADS_PREFIX}*`);
    // ?include=transcript and notes in other formats read the transcript (ListBucket: a missing one is a 404).
    grant.readObjects(this.api, artifacts, `${TRANSCRIPTS_PREFIX}*`);
    grant.listBucket(this.api, artifacts);
    // Erasure: every version and delete marker of every object a session leaves, in both buckets.
    grant.deleteAllVersions(this.api, uploads, UPLOADS_PREFIX);
    grant.deleteAllVersions(this.api, artifacts, ...ARTIFACT_TRACE_PREFIXES);

    // DeliverWebhooks reads a tenant's webhooks (one Query) and nothing else of AWS.
    grant.table(this.deliverWebhooks, table.tableArn, ['dynamodb:Query'], 'read');

    // ExpireSessions: erases what an expired session's item pointed at, as the API's erasure does, and its
    // Idempotency-Key records (Query, DeleteItem); writes the receipt and the audit entry (PutItem). The
    // stream read is granted by its event source mapping (AttunePipeline).
    grant.deleteAllVersions(this.expireSessions, uploads, UPLOADS_PREFIX);
    grant.deleteAllVersions(this.expireSessions, artifacts, ...ARTIFACT_TRACE_PREFIXES);
    grant.writeObjects(this.expireSessions, artifacts, `${RECEIPTS_PREFIX}*`);
    grant.table(this.expireSessions, table.tableArn, ['dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:PutItem'], 'write');

    grant.applyKeyGrants();

    this.node.addValidation({
      validate: () =>
        this.eventBus || this.publishers().length === 0
          ? []
          : [
              `AttuneFunctions: ${this.publishers()
                .map((fn) => fn.node.id)
                .join(', ')} put events on the Attune bus: call publishEventsTo(bus)`,
            ],
    });
  }

  /**
   * Names the Attune event bus to the functions that publish on it (EVENT_BUS_NAME in
   * schemas/function-environment.ts: MarkFailed) and lets them put events there, on that bus only.
   */
  publishEventsTo(bus: IEventBus): void {
    if (this.eventBus) throw new Error('AttuneFunctions: publishEventsTo was already called; the functions publish on one bus');
    this.eventBus = bus;
    for (const fn of this.publishers()) {
      // The ARN, as the workflow's Publish states name it (PutEvents' EventBusName takes either).
      fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusArn);
      bus.grantPutEventsTo(fn);
    }
  }

  /** The functions whose handlers read EVENT_BUS_NAME. */
  private publishers(): AttuneFunction[] {
    return this.all().filter((fn) => (FUNCTION_ENVIRONMENT[fn.node.id as FunctionName].variables as readonly StackVariable[]).includes('EVENT_BUS_NAME'));
  }

  /** Every function, for alarms and dashboards. */
  all(): AttuneFunction[] {
    return [
      this.validateUpload,
      this.normalizeTranscript,
      this.deleteRawAudio,
      this.markFailed,
      this.generateNote,
      this.scoreAlliance,
      this.persistResults,
      this.api,
      this.deliverWebhooks,
      this.expireSessions,
    ];
  }
}

/**
 * The IAM resources for `bedrock:InvokeModel` (which the Converse API authorizes): none for the local
 * engine; the foundation model in this Region for a model id; for a cross-Region inference profile
 * (`us.…`, `eu.…`, `global.…`), the profile and the model in the Regions it routes to; an ARN as given.
 */
export function bedrockModelArns(stack: Stack, modelId: string): string[] {
  if (modelId === 'local') return [];
  if (modelId.startsWith('arn:')) return [modelId];
  const profile = /^(us|eu|apac|us-gov|jp|au|ca|global)\.(.+)$/.exec(modelId);
  if (profile) {
    return [
      `arn:${stack.partition}:bedrock:${stack.region}:${stack.account}:inference-profile/${modelId}`,
      `arn:${stack.partition}:bedrock:*::foundation-model/${profile[2]}`,
    ];
  }
  return [`arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${modelId}`];
}

type KeyUse = 'kms:Decrypt' | 'kms:DescribeKey' | 'kms:Encrypt' | 'kms:GenerateDataKey';

/** Exact S3, DynamoDB and KMS statements; each function's key actions are gathered into one statement. */
class Grants {
  private readonly keyUses = new Map<AttuneFunction, Set<KeyUse>>();

  constructor(private readonly key: IKey) {}

  private useKey(fn: AttuneFunction, ...uses: KeyUse[]): void {
    const set = this.keyUses.get(fn) ?? new Set<KeyUse>();
    for (const u of uses) set.add(u);
    this.keyUses.set(fn, set);
  }

  readObjects(fn: AttuneFunction, bucket: IBucket, ...patterns: string[]): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: patterns.map((p) => bucket.arnForObjects(p)) }));
    this.useKey(fn, 'kms:Decrypt');
  }

  writeObjects(fn: AttuneFunction, bucket: IBucket, pattern: string): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(pattern)] }));
    // Decrypt too: multipart uploads read back the data key.
    this.useKey(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  listBucket(fn: AttuneFunction, bucket: IBucket): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  }

  /** ListObjectVersions limited to the prefixes, and deletion of versions and delete markers under them. */
  deleteAllVersions(fn: AttuneFunction, bucket: IBucket, ...prefixes: [string, ...string[]]): void {
    const patterns = prefixes.map((prefix) => `${prefix}*`);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucketVersions'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': patterns.length === 1 ? patterns[0] : patterns } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resources: patterns.map((p) => bucket.arnForObjects(p)) }),
    );
  }

  /** Table (or index) actions, and the table key's use that DynamoDB makes on the caller's behalf. */
  table(fn: AttuneFunction, arn: string, actions: string[], access: 'read' | 'write'): void {
    fn.addToRolePolicy(new PolicyStatement({ actions, resources: [arn] }));
    this.useKey(fn, 'kms:Decrypt', 'kms:DescribeKey');
    if (access === 'write') this.useKey(fn, 'kms:Encrypt', 'kms:GenerateDataKey');
  }

  applyKeyGrants(): void {
    for (const [fn, uses] of this.keyUses) this.key.grant(fn, ...[...uses].sort());
  }
}
