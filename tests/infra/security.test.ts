import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { configFromProps } from '../../lib/config.js';
import { AttuneFunctions } from '../../lib/constructs/functions.js';
import { AttuneStorage } from '../../lib/constructs/storage.js';
import { FUNCTION_ENVIRONMENT, FUNCTION_NAMES } from '../../schemas/function-environment.js';
import { actionsOf, functionLogicalId, functionPermissions, policyStatements, synthStack } from './synth.js';

// Attune's own functions and grants: the web site's (CloudFront, and CDK's deploy-time BucketDeployment
// function) are asserted in web-site.test.ts.
const { template } = synthStack({ context: { 'attune:webSite': false } });
const functions = template.findResources('AWS::Lambda::Function');
const FUNCTION_IDS = FUNCTION_NAMES;
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * Statements that must use `Resource: '*'`, each for a documented reason:
 * - Transcribe's Start*TranscriptionJob has no resource type; conditions pin the output bucket, key and KMS key.
 * - X-Ray's trace actions have no resource type.
 * - Step Functions' log delivery (CloudWatch Logs vended logs) actions have no resource type.
 */
const STAR_ALLOWED = [
  ['transcribe:StartTranscriptionJob'],
  ['dynamodb:ListStreams'],
  ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
  [
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ],
].map((set) => JSON.stringify([...set].sort()));

describe('functions', () => {
  it('runs every function on Node.js 22 (or newer) on ARM64 with active tracing, from an ESM bundle', () => {
    expect(Object.keys(functions)).toHaveLength(FUNCTION_IDS.length);
    for (const [id, fn] of Object.entries(functions)) {
      const props = (fn as { Properties: Record<string, unknown> }).Properties;
      const major = Number(/^nodejs(\d+)\.x$/.exec(String(props.Runtime))?.[1]);
      expect(major, id).toBeGreaterThanOrEqual(22);
      expect(props.Architectures, id).toEqual(['arm64']);
      expect(props.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(props.Handler, id).toBe('index.handler');
      expect(props.LoggingConfig, id).toMatchObject({ LogGroup: { Ref: expect.stringMatching(/Logs[0-9A-F]{8}$/) } });
    }
  });

  it('gives each function the environment variables its handler reads, and no others', () => {
    for (const id of FUNCTION_IDS) {
      const env = (functions[functionLogicalId(template, id)] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment
        .Variables;
      const own = Object.keys(env).filter((name) => !name.startsWith('POWERTOOLS_'));
      // The default config has no note templates: NOTE_TEMPLATES is set only when there are some; WEB_ORIGIN only with the web site.
      const named = FUNCTION_ENVIRONMENT[id].variables.filter((name) => name !== 'NOTE_TEMPLATES' && name !== 'WEB_ORIGIN');
      expect({ id, env: own.sort() }).toEqual({ id, env: [...named].sort() });
    }
  });

  it('has each handler read its environment through the one map (schemas/function-environment.ts)', () => {
    for (const id of FUNCTION_IDS) {
      const source = readFileSync(new URL(`../../lambdas/${FUNCTION_ENVIRONMENT[id].dir}/handler.ts`, import.meta.url), 'utf8');
      expect(source, id).toContain(`functionConfig('${id}')`);
      expect(source, id).not.toMatch(/process\.env\b/);
    }
  });
});

describe('IAM: least privilege', () => {
  const statements = policyStatements(template);

  it('never allows every action of a service', () => {
    for (const { statement } of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/(^\*$|:\*$)/);
    }
  });

  it("uses Resource '*' only where the service has no resource type, and Transcribe's only under conditions", () => {
    for (const { statement } of statements) {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      if (!resources.includes('*')) continue;
      expect(STAR_ALLOWED).toContain(JSON.stringify([...actionsOf(statement)].sort()));
      if (actionsOf(statement).some((a) => a.startsWith('transcribe:'))) {
        expect(statement.Condition).toEqual({
          StringEquals: {
            'transcribe:OutputBucketName': { Ref: expect.stringMatching(/^AttuneStorageArtifacts/) },
            'transcribe:OutputEncryptionKMSKeyId': { 'Fn::GetAtt': [expect.stringMatching(/^AttuneStorageKey/), 'Arn'] },
          },
          StringLike: { 'transcribe:OutputKey': 'transcribe/*' },
        });
      }
    }
  });

  it('attaches no managed policy to a function role (no AWSLambdaBasicExecutionRole: logs go to its own log group only)', () => {
    for (const id of FUNCTION_IDS) {
      const { role, statements: own } = functionPermissions(template, id);
      const roleResource = template.findResources('AWS::IAM::Role')[role] as { Properties: { ManagedPolicyArns?: unknown[] } };
      expect(roleResource.Properties.ManagedPolicyArns, id).toBeUndefined();
      const logStatement = own.find((s) => actionsOf(s).includes('logs:PutLogEvents'));
      expect(JSON.stringify(logStatement?.Resource), id).toMatch(/Logs[0-9A-F]{8}/);
    }
  });

  it.each([
    [
      'ValidateUpload',
      [
        's3:GetObject',
        's3:ListBucket',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
      ],
    ],
    [
      'NormalizeTranscript',
      [
        's3:GetObject',
        's3:PutObject',
        's3:ListBucketVersions',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
      ],
    ],
    ['DeleteRawAudio', ['s3:ListBucketVersions', 's3:DeleteObject', 's3:DeleteObjectVersion']],
    // For an execution that ended outside its failure path, it also deletes the recording and publishes the failure.
    [
      'MarkFailed',
      [
        'dynamodb:UpdateItem',
        's3:ListBucketVersions',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        'events:PutEvents',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
      ],
    ],
    ['GenerateNote', ['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'kms:GenerateDataKey']],
    ['ScoreAlliance', ['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'kms:GenerateDataKey']],
    ['PersistResults', ['s3:GetObject', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']],
    [
      'Api',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        's3:PutObject',
        's3:GetObject',
        's3:ListBucket',
        's3:ListBucketVersions',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
      ],
    ],
    ['DeliverWebhooks', ['dynamodb:Query', 'sqs:SendMessage', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey']],
    [
      'ExpireSessions',
      [
        'dynamodb:Query',
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        's3:PutObject',
        's3:ListBucketVersions',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        'sqs:SendMessage',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
      ],
    ],
  ])('allows %s exactly what its handler does', (id, expected) => {
    const { actions } = functionPermissions(template, id);

    expect([...actions].sort()).toEqual([...expected, ...XRAY, ...LOGS].sort());
  });

  it("lets PersistResults read the note, the scores and the transcript (the model path merges the note's risk), nothing else", () => {
    const { statements: own } = functionPermissions(template, 'PersistResults');
    const read = own.filter((s) => actionsOf(s).includes('s3:GetObject')).map((s) => JSON.stringify(s.Resource));

    expect(read.join(' ')).toMatch(/\/notes\/\*/);
    expect(read.join(' ')).toMatch(/\/alliance\/\*/);
    expect(read.join(' ')).toMatch(/\/transcripts\/\*/);
    expect(read.join(' ')).not.toMatch(/\/uploads\//);
  });

  it('lets DeleteRawAudio list and delete versions under uploads/ only', () => {
    const { statements: own } = functionPermissions(template, 'DeleteRawAudio');
    const list = own.find((s) => actionsOf(s).includes('s3:ListBucketVersions'))!;
    const del = own.find((s) => actionsOf(s).includes('s3:DeleteObjectVersion'))!;

    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': 'uploads/*' } });
    expect(JSON.stringify(del.Resource)).toMatch(/AttuneStorageUploads\w+","Arn"\]\},"\/uploads\/\*"/);
  });

  it('lets MarkFailed delete versions under uploads/ only (as DeleteRawAudio) and put events on the Attune bus only', () => {
    const { statements: own } = functionPermissions(template, 'MarkFailed');
    const list = own.filter((s) => actionsOf(s).includes('s3:ListBucketVersions'));
    const del = own.filter((s) => actionsOf(s).includes('s3:DeleteObjectVersion'));
    const put = own.filter((s) => actionsOf(s).includes('events:PutEvents'));

    expect(list.map((s) => [s.Resource, s.Condition])).toEqual([
      [{ 'Fn::GetAtt': [expect.stringMatching(/^AttuneStorageUploads/), 'Arn'] }, { StringLike: { 's3:prefix': 'uploads/*' } }],
    ]);
    expect(del).toHaveLength(1);
    expect(JSON.stringify(del[0]!.Resource)).toMatch(/^\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["AttuneStorageUploads\w+","Arn"\]\},"\/uploads\/\*"\]\]\}$/);
    expect(put.map((s) => [actionsOf(s), s.Resource])).toEqual([[['events:PutEvents'], { 'Fn::GetAtt': [expect.stringMatching(/^AttuneEvents/), 'Arn'] }]]);
    const env = (
      template.toJSON().Resources[functionLogicalId(template, 'MarkFailed')] as { Properties: { Environment: { Variables: Record<string, unknown> } } }
    ).Properties.Environment.Variables;
    expect(env.EVENT_BUS_NAME).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AttuneEvents/), 'Arn'] });
    expect(env.UPLOADS_BUCKET).toEqual({ Ref: expect.stringMatching(/^AttuneStorageUploads/) });
  });

  it('refuses to synthesize functions that publish with no bus named (AttuneFunctions.publishEventsTo)', () => {
    const scope = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NoBus');
    const storage = new AttuneStorage(scope, 'Storage', {});
    new AttuneFunctions(scope, 'Functions', { storage, config: configFromProps({}) });

    expect(() => Template.fromStack(scope)).toThrow(/MarkFailed put events on the Attune bus: call publishEventsTo\(bus\)/);
  });

  it('lets the API write uploads only, read transcripts only, and erase only what a session leaves', () => {
    const { statements: own } = functionPermissions(template, 'Api');
    const resourcesOf = (action: string) => own.filter((s) => actionsOf(s).includes(action)).map((s) => JSON.stringify(s.Resource));
    const listings = own.filter((s) => actionsOf(s).includes('s3:ListBucketVersions'));

    expect(resourcesOf('s3:PutObject')).toEqual([expect.stringMatching(/AttuneStorageUploads\w+","Arn"\]\},"\/uploads\/\*"\]/)]);
    expect(resourcesOf('s3:GetObject')).toEqual([expect.stringMatching(/AttuneStorageArtifacts\w+","Arn"\]\},"\/transcripts\/\*"\]/)]);
    expect(listings.map((s) => s.Condition)).toHaveLength(2);
    expect(listings.map((s) => s.Condition)).toEqual(
      expect.arrayContaining([
        { StringLike: { 's3:prefix': 'uploads/*' } },
        { StringLike: { 's3:prefix': ['transcripts/*', 'transcribe/*', 'notes/*', 'alliance/*'] } },
      ]),
    );
    const deletable = resourcesOf('s3:DeleteObjectVersion').join(' ');
    expect(deletable.match(/"\/[a-z]+\/\*"/g)?.sort()).toEqual(['"/alliance/*"', '"/notes/*"', '"/transcribe/*"', '"/transcripts/*"', '"/uploads/*"']);
    expect(deletable).toMatch(/AttuneStorageUploads\w+","Arn"\]\},"\/uploads\/\*"/);
    expect(deletable).not.toMatch(/AttuneStorageUploads\w+","Arn"\]\},"\/(transcripts|notes|alliance|transcribe)/);
  });

  it('gives no function Bedrock access when the model is local', () => {
    for (const { statement } of statements) expect(actionsOf(statement).some((a) => a.startsWith('bedrock:'))).toBe(false);
  });

  it('lets the state machine start and read Attune transcription jobs, put events on its bus, and nothing broader', () => {
    const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.startsWith('AttuneWorkflowStateMachineRole'))!;
    const own = statements.filter((s) => s.roles.includes(roleId)).map((s) => s.statement);
    const get = own.find((s) => actionsOf(s).includes('transcribe:GetTranscriptionJob'))!;
    const put = own.find((s) => actionsOf(s).includes('events:PutEvents'))!;

    expect(JSON.stringify(get.Resource)).toContain(':transcription-job/attune-*');
    expect(put.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AttuneEvents/), 'Arn'] });
    expect(new Set(own.flatMap(actionsOf).filter((a) => a.startsWith('s3:')))).toEqual(new Set(['s3:GetObject', 's3:PutObject']));
  });
});

describe('upload events', () => {
  it('start the state machine for Object Created under uploads/ of the uploads bucket, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: Match.stringLikeRegexp('^AttuneStorageUploads') }] }, object: { key: [{ prefix: 'uploads/' }] } },
      },
    });
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0] as { Properties: { Targets: Record<string, unknown>[] } };
    expect(rule.Properties.Targets).toHaveLength(1);
    expect(rule.Properties.Targets[0]).toMatchObject({
      Arn: { Ref: expect.stringMatching(/^AttuneWorkflowStateMachine/) },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneWorkflowUploadEventsDlq/), 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 21600 },
    });
    const [dlqId] = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith('AttuneWorkflowUploadEventsDlq'));
    expect(template.toJSON().Resources[dlqId!].Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneStorageKey/), 'Arn'] },
      MessageRetentionPeriod: 1209600,
    });
  });
});
