/**
 * The cdk-nag findings Attune accepts, in one place for review. `bin/attune.ts` runs the AwsSolutions and
 * HIPAA.Security packs on every synth (lib/nag-packs.ts) and any finding not acknowledged here fails it.
 *
 * Each acknowledgement is recorded with CDK's `Validations.of(construct).acknowledge()` on the one
 * CloudFormation resource it concerns, never on a stack or a construct tree, and IAM wildcard findings one by
 * one (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/uploads/*]`), each with a reason a reviewer can check.
 * The wildcards are accepted by kind, not by listing ARNs, so a configuration that adds one (a Bedrock
 * inference profile, Transcribe Medical) still synthesizes, and a wildcard of any other kind (a whole
 * bucket, an action wildcard) still fails. COMPLIANCE.md lists what the default configuration acknowledges.
 *
 * This module imports no cdk-nag: an embedding app can call `acknowledgeNagFindings` on its own pipeline
 * whether it runs cdk-nag or not.
 */
import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnMethod, type Method, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { AttunePartnerAccess } from './constructs/partner-access.js';
import type { AttunePipeline } from './constructs/pipeline.js';
import type { AttuneWebSite } from './constructs/web-site.js';

export interface NagAcknowledgement {
  /** The construct path of the resource the acknowledgement is recorded on. */
  readonly path: string;
  /** The rule id, with the finding in brackets for a rule that reports several: `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  readonly reason: string;
}

/** Routes API Gateway serves without a token (AuthorizationType NONE), each with why it may be public. */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /openapi.json':
    'GET /openapi.json serves the OpenAPI document generated from the route table (schemas/routes.ts): routes, schemas and error types, no tenant data; partners read it before they hold a token. Every other method uses the Cognito authorizer (tests/infra/api.test.ts).',
};

/** Actions that have no IAM resource type, so IAM accepts them only with `Resource: '*'`. */
const RESOURCELESS_ACTIONS: { actions: readonly string[]; why: string }[] = [
  {
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    why: 'X-Ray trace segments and sampling rules (active tracing)',
  },
  {
    actions: [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ],
    why: "CloudWatch Logs' vended log delivery that Step Functions execution logging uses",
  },
  {
    actions: ['dynamodb:ListStreams'],
    why: "DynamoDB's ListStreams, which the ExpireSessions event source mapping's stream read includes (reading the stream itself names the table's stream ARN)",
  },
  {
    actions: ['transcribe:StartTranscriptionJob', 'transcribe:StartMedicalTranscriptionJob'],
    why: 'Amazon Transcribe job starts, which IAM conditions pin to the artifacts bucket, the transcribe/ prefix and the Attune KMS key',
  },
];

/**
 * The cdk-nag name of an IAM resource: references flattened as cdk-nag does (`<Logical.Arn>`, `<AWS::Region>`).
 * @see node_modules/cdk-nag/lib/utils/flatten-cfn-reference.js
 */
function nagName(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [delimiter, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(nagName).join(delimiter);
  }
  if (Array.isArray(v['Fn::GetAtt'])) {
    const [logicalId, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
    return `<${nagName(logicalId)}.${nagName(attribute)}>`;
  }
  if (v.Ref !== undefined) return `<${nagName(v.Ref)}>`;
  if (typeof v['Fn::Sub'] === 'string') return nagName(v['Fn::Sub']);
  return JSON.stringify(value);
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

interface PolicyStatementJson {
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
}

/**
 * Records the acknowledgements on the pipeline's resources and returns them. Call it once, after the
 * pipeline is built (AttuneStack does).
 */
export function acknowledgeNagFindings(pipeline: AttunePipeline): NagAcknowledgement[] {
  const acknowledgements: NagAcknowledgement[] = [];
  const stack = Stack.of(pipeline);
  const resourceOf = (construct: IConstruct): IConstruct => construct.node.defaultChild ?? construct;
  const acknowledge = (construct: IConstruct, id: string, reason: string) => {
    const target = resourceOf(construct);
    Validations.of(target).acknowledge({ id, reason });
    acknowledgements.push({ path: target.node.path, id, reason });
  };
  const logicalIdOf = (construct: IConstruct) => stack.resolve((resourceOf(construct) as CfnResource).logicalId) as string;

  // ---- Storage ----
  const { uploadsBucket, artifactsBucket, accessLogsBucket, table } = pipeline.storage;
  acknowledge(
    uploadsBucket,
    'HIPAA.Security-S3BucketReplicationEnabled',
    'Raw recordings live under a day: DeleteRawAudio erases every version once the transcript exists and a lifecycle rule expires the rest. S3 replication does not replicate deletions by version id, so a replica would outlive that disposal.',
  );
  acknowledge(
    artifactsBucket,
    'HIPAA.Security-S3BucketReplicationEnabled',
    "Replication needs a versioned bucket, and this one is unversioned so that erasure (API erase, retention) leaves no older copy; a replica in another Region would hold PHI beyond erasure's reach, and where PHI may be copied is the deployer's data-residency decision. S3 stores objects across several Availability Zones.",
  );
  acknowledge(
    artifactsBucket,
    'HIPAA.Security-S3BucketVersioningEnabled',
    'Unversioned on purpose: erasing a session (API erase, retention) must leave no older copy of its transcript, note or scores. Integrity rests on SSE-KMS, TLS-only access and IAM grants of one key prefix per writer (tests/infra/security.test.ts).',
  );
  acknowledge(
    accessLogsBucket,
    'HIPAA.Security-S3BucketReplicationEnabled',
    "S3 server access logs hold request metadata and object keys (ids), no recording or transcript content; long-term copies belong in the deployer's log-archive account, which this stack does not know.",
  );
  acknowledge(
    accessLogsBucket,
    'HIPAA.Security-S3DefaultEncryptionKMS',
    'S3 server access log delivery supports only SSE-S3 (AES256) on the target bucket, not SSE-KMS; the logs hold request metadata and object keys (ids), never recording or transcript content.',
  );
  acknowledge(
    table,
    'HIPAA.Security-DynamoDBInBackupPlan',
    "Point-in-time recovery (35 days) is on for the sessions table; an AWS Backup plan would keep erased sessions for its own retention, so its schedule and retention are the deployer's to set with their HIPAA retention policy (COMPLIANCE.md).",
  );

  // ---- Functions ----
  const functions = pipeline.functions.all();
  const viaWorkflow =
    'Invoked synchronously by the Step Functions workflow, which retries it and catches every failure into MarkFailed (the session is FAILED with its reason); a Lambda DLQ only receives failed asynchronous invocations, which never happen here.';
  const dlqReasons = new Map<IConstruct, string>([
    [
      pipeline.functions.api,
      'Invoked synchronously by API Gateway, which returns any error to the caller as problem+json; a Lambda DLQ only receives failed asynchronous invocations, which never happen here.',
    ],
    [
      pipeline.functions.deliverWebhooks,
      "Invoked asynchronously by the WebhookEvents EventBridge rule: events it cannot deliver go to WebhookEventsDlq through the rule target's dead-letter queue and the function's on-failure destination (which keeps the error), and an alarm watches that queue; cdk-nag only counts DeadLetterConfig.",
    ],
    [
      pipeline.functions.markFailed,
      "Invoked synchronously by the Step Functions workflow's failure path, and asynchronously by the ExecutionFailures EventBridge rule for executions that timed out, were stopped or failed outside that path: events the rule cannot deliver go to UploadEventsDlq (the target's dead-letter queue), which the DeadLetters alarm watches; an event MarkFailed throws on is retried twice by Lambda, and a session still left in processing can be erased once past the workflow's time limit. cdk-nag only counts DeadLetterConfig.",
    ],
    [
      pipeline.functions.expireSessions,
      "Invoked by the Lambda event source mapping on the sessions table's DynamoDB stream, not asynchronously: records it fails on after 8 retries (bisected, ReportBatchItemFailures) go to ExpiryEventsDlq through the mapping's on-failure destination, and an alarm watches that queue; cdk-nag only counts DeadLetterConfig.",
    ],
  ]);
  for (const fn of functions) {
    acknowledge(
      fn,
      'HIPAA.Security-LambdaConcurrency',
      "No reserved concurrency: it is carved out of the account-wide pool shared with the deployer's other functions and fails deployment where unreserved concurrency would drop below 100. Load is bounded upstream by API Gateway stage throttling (50 rps, burst 100) and the upload rate.",
    );
    acknowledge(fn, 'HIPAA.Security-LambdaDLQ', dlqReasons.get(fn) ?? viaWorkflow);
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Runs nodejs22.x, the Lambda runtime Attune supports and tests (Node.js 22 LTS, in AWS support until 2027); the handlers are bundled for node22 with esbuild, and moving to a newer runtime is a deliberate, tested upgrade rather than whatever aws-cdk-lib lists as newest.',
    );
    acknowledge(
      fn,
      'HIPAA.Security-LambdaInsideVPC',
      fn === pipeline.functions.deliverWebhooks
        ? "POSTs events to the tenants' HTTPS webhook endpoints on the internet and queries DynamoDB; in a VPC it would need a NAT gateway for the same egress, which protects no data path."
        : 'Calls only AWS service APIs (S3, DynamoDB, KMS, and Bedrock for the analysis functions) over TLS with SigV4-signed IAM requests; no Attune resource lives in a VPC, so one would add NAT gateways or interface endpoints and protect no data path.',
    );
  }

  // ---- IAM: CDK's default policies, and the wildcards each one needs ----
  const buckets = new Map([
    [logicalIdOf(uploadsBucket), 'uploads'],
    [logicalIdOf(artifactsBucket), 'artifacts'],
  ]);
  const functionIds = new Map(functions.map((fn) => [logicalIdOf(fn), fn.node.id]));
  for (const policy of pipeline.node.findAll().filter((c): c is CfnPolicy => c instanceof CfnPolicy)) {
    const role = policy.node.scope?.node.scope;
    acknowledge(
      policy,
      'HIPAA.Security-IAMNoInlinePolicy',
      `This AWS::IAM::Policy is the CDK default policy of exactly one role (${role?.node.path ?? 'its role'}), created and deleted with it; its statements are the exact grants made in lib/constructs/ and asserted by tests/infra/security.test.ts. A customer-managed policy would only add a reusable attachment point.`,
    );
    const document = stack.resolve(policy.policyDocument) as { Statement: PolicyStatementJson[] };
    const allows = document.Statement.filter((s) => s.Effect === 'Allow');
    const wildcards = new Set(allows.flatMap((s) => asArray(s.Resource).map(nagName)).filter((name) => name.includes('*')));
    for (const resource of wildcards) {
      const reason = wildcardReason(resource, allows, buckets, functionIds);
      if (reason) acknowledge(policy, `AwsSolutions-IAM5[Resource::${resource}]`, reason);
    }
  }

  // ---- Queues that are dead-letter queues themselves ----
  acknowledge(
    pipeline.workflow.deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is the dead-letter queue of the UploadCreated EventBridge rule target (upload events that could not start a workflow) and of the ExecutionFailures rule target (execution status events MarkFailed could not be given); cdk-nag only recognises SQS redrive policies. The DeadLetters alarm watches it.',
  );
  acknowledge(
    pipeline.webhookDeadLetterQueue,
    'AwsSolutions-SQS3',
    "This queue is the dead-letter queue of the WebhookEvents rule target and DeliverWebhooks' on-failure destination; cdk-nag only recognises SQS redrive policies. The DeadLetters2 alarm watches it.",
  );
  acknowledge(
    pipeline.expiryDeadLetterQueue,
    'AwsSolutions-SQS3',
    "This queue is the on-failure destination of ExpireSessions' DynamoDB stream event source mapping (the stream positions of expiries it could not erase and receipt); cdk-nag only recognises SQS redrive policies. The DeadLetters3 alarm watches it.",
  );

  // ---- API ----
  const { api, userPool } = pipeline.api;
  acknowledgeRestApi(api, acknowledge);
  if (userPool instanceof UserPool) {
    acknowledge(
      userPool,
      'AwsSolutions-COG8',
      "Cognito's Plus feature plan (threat protection: compromised credentials, adaptive authentication) is billed per monthly active user; the pool already requires TOTP MFA, 12+ character passwords and admin-created users. Deployers who want threat protection switch the pool to Plus.",
    );
  }

  return acknowledgements;
}

type Acknowledge = (construct: IConstruct, id: string, reason: string) => void;

/** A REST API's findings, for the user API and the partner API alike. */
function acknowledgeRestApi(api: RestApi, acknowledge: Acknowledge): void {
  acknowledge(
    api,
    'AwsSolutions-APIG2',
    'Request bodies, queries and path ids are validated in the api Lambda with the zod schemas of the route table (schemas/routes.ts, lambdas/api/middlewares/validate.ts), answering 400 problem+json that names each bad field; an API Gateway validator would duplicate them with another error format.',
  );
  const stage = api.deploymentStage;
  acknowledge(
    stage,
    'AwsSolutions-APIG3',
    "No AWS WAF web ACL by default: WAF is billed per web ACL and rule, and its rules depend on the deployer's traffic; Cognito auth and stage throttling (50 rps, burst 100) stay in front. COMPLIANCE.md shows how to associate a WAFv2 REGIONAL web ACL with this stage.",
  );
  acknowledge(
    stage,
    'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
    "Caching is off on purpose: responses are one tenant's PHI (notes, transcripts) read under each caller's token; an API Gateway cache would keep copies beyond erasure and retention and could answer one user with another's response.",
  );
  acknowledge(
    stage,
    'HIPAA.Security-APIGWSSLEnabled',
    "The rule asks for a client certificate, with which API Gateway authenticates itself to HTTP backends; Attune's only backend is a Lambda proxy integration, invoked through the Lambda API under the function's resource policy, which never asks for one. Clients reach the stage over HTTPS only.",
  );
  const cloudWatchRole = api.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole) {
    acknowledge(
      cloudWatchRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      "AmazonAPIGatewayPushToCloudWatchLogs is the AWS-managed policy API Gateway's account-level CloudWatch role is documented with: it lets API Gateway write access and execution logs. Set apiGatewayCloudWatchRole: false where the account has the role.",
    );
  }
  for (const method of api.methods as Method[]) {
    const cfn = method.node.defaultChild;
    if (!(cfn instanceof CfnMethod) || cfn.authorizationType !== 'NONE') continue;
    const reason = PUBLIC_ROUTES[`${method.httpMethod} ${method.resource.path}`];
    if (!reason) continue; // A public route without a reason stays a finding, and fails synth.
    acknowledge(method, 'AwsSolutions-APIG4', reason);
    acknowledge(method, 'AwsSolutions-COG4', reason);
  }
}

/**
 * Records the acknowledgements of the partner API (lib/constructs/partner-access.ts), which exists only when
 * partners are configured, and returns them. Its findings are the user API's, with the same reasons.
 */
export function acknowledgePartnerAccessFindings(partnerAccess: AttunePartnerAccess): NagAcknowledgement[] {
  const acknowledgements: NagAcknowledgement[] = [];
  acknowledgeRestApi(partnerAccess.api, (construct, id, reason) => {
    const target = construct.node.defaultChild ?? construct;
    Validations.of(target).acknowledge({ id, reason });
    acknowledgements.push({ path: target.node.path, id, reason });
  });
  return acknowledgements;
}

/** Why a wildcard resource in a policy is as narrow as IAM allows, or undefined when it is not accepted. */
function wildcardReason(resource: string, allows: PolicyStatementJson[], buckets: Map<string, string>, functions: Map<string, string>): string | undefined {
  if (resource === '*') {
    // Accepted only when every statement on '*' is made of actions that have no resource type.
    const kinds = new Set<string>();
    for (const statement of allows.filter((s) => asArray(s.Resource).includes('*'))) {
      const kind = RESOURCELESS_ACTIONS.find((k) => asArray(statement.Action).every((a) => k.actions.includes(a)));
      if (!kind) return undefined;
      kinds.add(kind.why);
    }
    return `Resource '*' only for actions that have no IAM resource type: ${[...kinds].join('; ')}. Every other statement of this policy names its resources.`;
  }
  const object = /^<([A-Za-z0-9]+)\.Arn>\/([a-z]+\/)\*$/.exec(resource);
  if (object && buckets.has(object[1]!)) {
    // Receipts are kept by tenant and day (lambdas/expire-sessions/handler.ts), not by client and session.
    const rest = object[2] === 'receipts/' ? 'tenant id, day and receipt id' : 'tenant, client and session ids';
    return `S3 objects under the single key prefix ${object[2]} of the ${buckets.get(object[1]!)} bucket, not the whole bucket: the rest of each key (${rest}) is only known at run time, so IAM cannot name it.`;
  }
  const version = /^<([A-Za-z0-9]+)\.Arn>:\*$/.exec(resource);
  if (version && functions.has(version[1]!)) {
    return `Step Functions' LambdaInvoke grants ${functions.get(version[1]!)}'s ARN with ':*' so the workflow may call that same function's versions and aliases; no other function is reachable.`;
  }
  if (/:(medical-)?transcription-job\/attune-\*$/.test(resource)) {
    return 'Reads Amazon Transcribe jobs named attune-<execution name> only: each name is made per workflow execution at run time, and Transcribe has no narrower resource.';
  }
  if (/^arn:(<AWS::Partition>|aws[a-z-]*):bedrock:\*::foundation-model\/[^*]+$/.test(resource)) {
    return 'A cross-Region inference profile routes each Bedrock call to the foundation model in any Region of its geography, so the model ARN allows every Region; the model itself and the profile ARN are exact.';
  }
  return undefined;
}

/** Why a wildcard of CDK's BucketDeployment role (aws-s3-deployment) is as narrow as the construct makes it. */
function bucketDeploymentWildcard(finding: string, siteBucket: string): string | undefined {
  const job =
    "CDK's BucketDeployment custom resource (aws-s3-deployment), which runs only while CloudFormation deploys, to copy the web app's build (dist/web) and config.json into the site bucket";
  if (finding === 'Resource::*') {
    return `cloudfront:CreateInvalidation and cloudfront:GetInvalidation on Resource '*', as ${job} is granted them to invalidate /, /index.html and /config.json after the copy; its S3 grants name their buckets.`;
  }
  if (finding === `Resource::<${siteBucket}.Arn>/*`) return `The objects of the site bucket only (S3, every key of the app's files), for ${job}.`;
  if (/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-(<AWS::AccountId>|\d{12})-(<AWS::Region>|[a-z0-9-]+)\/\*$/.test(finding)) {
    return `The objects of the CDK bootstrap asset bucket in S3, where cdk deploy uploads the zipped build, read by ${job}.`;
  }
  if (/^Action::s3:(GetObject|GetBucket|List|DeleteObject|Abort)\*$/.test(finding)) {
    return `S3 action wildcards of CDK's grantRead (asset bucket) and grantReadWrite (site bucket), on those two buckets only, made by ${job}; the site bucket holds no PHI.`;
  }
  return undefined;
}

/**
 * Records the acknowledgements of the web site (lib/constructs/web-site.ts), which exists unless
 * `attune:webSite` is false, and returns them: its bucket, its distribution, and CDK's BucketDeployment function.
 */
export function acknowledgeWebSiteFindings(site: AttuneWebSite): NagAcknowledgement[] {
  const acknowledgements: NagAcknowledgement[] = [];
  const stack = Stack.of(site);
  const acknowledge = (construct: IConstruct, id: string, reason: string) => {
    const target = construct.node.defaultChild ?? construct;
    Validations.of(target).acknowledge({ id, reason });
    acknowledgements.push({ path: target.node.path, id, reason });
  };

  acknowledge(
    site.bucket,
    'HIPAA.Security-S3BucketReplicationEnabled',
    "The site's S3 bucket holds only the web app's build output (dist/web) and config.json, no PHI; cdk deploy recreates both from the repository in any Region, so a replica would add nothing to recovery.",
  );
  acknowledge(
    site.bucket,
    'HIPAA.Security-S3DefaultEncryptionKMS',
    "SSE-S3 (AES-256) on purpose: the bucket holds the web app's static files, which CloudFront serves to every visitor, and config.json's public ids, no PHI; CloudFront origin access control reads SSE-S3 objects without a grant on the customer-managed KMS key that protects PHI.",
  );

  const distribution = site.distribution;
  acknowledge(
    distribution,
    'AwsSolutions-CFR1',
    "No CloudFront geo restriction: clinicians sign in from wherever they work, and who may use the app is decided by Cognito sign-in with MFA and the API's authorizer, not by country. A deployer who wants one adds geoRestriction in lib/constructs/web-site.ts.",
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR2',
    'No AWS WAF web ACL on the distribution by default: it serves only the static web app (dist/web) and config.json, no PHI, and WAF is billed per web ACL and rule; PHI is reached only through the API, which takes its own web ACL (COMPLIANCE.md, Adding AWS WAF).',
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR3',
    "No CloudFront standard logs: they need an S3 bucket with ACLs enabled, which Attune's BucketOwnerEnforced log bucket refuses, and the distribution serves only the app's static files, no PHI. Every access to PHI goes through API Gateway, whose access logs (a year) and the API's audit trail record it; the site bucket's S3 server access logs record each deploy.",
  );
  const cfn = distribution.node.defaultChild as CfnResource;
  const viewer = (stack.resolve((cfn as unknown as { distributionConfig: { viewerCertificate?: { acmCertificateArn?: unknown } } }).distributionConfig)
    .viewerCertificate ?? {}) as { acmCertificateArn?: unknown };
  if (viewer.acmCertificateArn === undefined) {
    acknowledge(
      distribution,
      'AwsSolutions-CFR4',
      "With the default *.cloudfront.net certificate CloudFront fixes the viewer security policy at TLSv1 and no setting raises it; browsers negotiate TLS 1.3 or 1.2 with it anyway, and the files it serves (the app's code, config.json) carry no PHI. Set attune:webDomainName and attune:webCertificateArn to require TLS 1.2 (TLSv1.2_2021).",
    );
  }

  // CDK's BucketDeployment: one singleton function for both deployments of the site.
  const role = site.deployments.pages.handlerRole;
  const handler = role.node.scope;
  const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (handler) {
    const why =
      "CDK's BucketDeployment custom-resource Lambda (aws-s3-deployment), invoked by CloudFormation only while the stack deploys, to copy dist/web and config.json into the site bucket";
    acknowledge(handler, 'AwsSolutions-L1', `${why}: its python3.13 runtime is the one aws-cdk-lib ships the handler for, upgraded with aws-cdk-lib.`);
    acknowledge(
      handler,
      'HIPAA.Security-LambdaConcurrency',
      `${why}: it runs once per deploy, so reserved concurrency would only take capacity from the account's other functions.`,
    );
    acknowledge(
      handler,
      'HIPAA.Security-LambdaDLQ',
      `${why}: CloudFormation invokes it and fails the deploy on its error, which it reports in the stack events; nothing is invoked asynchronously.`,
    );
    acknowledge(
      handler,
      'HIPAA.Security-LambdaInsideVPC',
      `${why}: it calls only S3 and CloudFront APIs over TLS with SigV4, and holds no PHI; a VPC would add NAT or endpoints and protect no data path.`,
    );
  }
  acknowledge(
    role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "AWSLambdaBasicExecutionRole is how CDK's BucketDeployment (aws-s3-deployment) lets its deploy-time Lambda write its own CloudWatch Logs; nothing else is in it.",
  );
  if (policy) {
    acknowledge(
      policy,
      'HIPAA.Security-IAMNoInlinePolicy',
      "This AWS::IAM::Policy is the CDK default policy of the BucketDeployment Lambda's role (aws-s3-deployment), created and deleted with it: read the CDK asset bucket, write the site bucket, invalidate CloudFront.",
    );
    const siteBucket = stack.resolve((site.bucket.node.defaultChild as CfnResource).logicalId) as string;
    const document = stack.resolve((policy as CfnPolicy).policyDocument) as { Statement: (PolicyStatementJson & { Action?: string | string[] })[] };
    const allows = document.Statement.filter((statement) => statement.Effect === 'Allow');
    const findings = new Set([
      ...allows
        .flatMap((statement) => asArray(statement.Resource).map(nagName))
        .filter((name) => name.includes('*'))
        .map((name) => `Resource::${name}`),
      ...allows
        .flatMap((statement) => asArray(statement.Action))
        .filter((action) => action.includes('*'))
        .map((action) => `Action::${action}`),
    ]);
    for (const finding of findings) {
      const reason = bucketDeploymentWildcard(finding, siteBucket);
      if (reason) acknowledge(policy, `AwsSolutions-IAM5[${finding}]`, reason);
    }
  }
  return acknowledgements;
}
