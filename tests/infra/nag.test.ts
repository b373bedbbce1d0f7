/**
 * cdk-nag on the stack as bin/attune.ts builds it: the AwsSolutions and HIPAA.Security packs registered on
 * the app (lib/nag-packs.ts), the acknowledgements of lib/compliance.ts, asset bundling skipped (bundling
 * is not what the packs read). The app runs in-memory, so a finding nobody acknowledged throws from synth.
 */
import { readFileSync } from 'node:fs';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { AttuneStack } from '../../lib/attune-stack.js';
import { AttunePipeline } from '../../lib/constructs/pipeline.js';
import { AttuneWebSite } from '../../lib/constructs/web-site.js';
import { addNagPacks } from '../../lib/nag-packs.js';
import { cdkJsonContext } from './synth.js';

const EVERY_OPTION = {
  'attune:transcribeMode': 'medical',
  'attune:bedrockModelId': 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
  'attune:existingKmsKeyArn': 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'attune:existingUserPoolId': 'eu-west-1_AbCdEf123',
  'attune:alarmEmail': 'oncall@example.org',
  'attune:webDomainName': 'attune.clinic.example',
  'attune:webCertificateArn': 'arn:aws:acm:us-east-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
};

function appWithPacks(context: Record<string, unknown> = {}) {
  const app = new App({
    // In-memory mode: CDK throws the validation report from synth instead of setting the exit code.
    context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:appMode': 'inmemory', ...context },
    builtinCloudFormationValidation: false,
  });
  const packs = addNagPacks(app);
  return { app, packs };
}

/** Synthesizes, and lists what each pack still reports: `<severity> <rule> at <construct path>`. */
function synthAndReport(app: App, packs: ReturnType<typeof addNagPacks>) {
  let error: unknown;
  let template: Template | undefined;
  try {
    template = Template.fromJSON(app.synth().getStackByName('Attune').template as Record<string, unknown>);
  } catch (e) {
    error = e;
  }
  const findings = packs.flatMap((pack) =>
    pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`)),
  );
  return { error, findings, template };
}

const byDefault = (() => {
  const { app, packs } = appWithPacks();
  const stack = new AttuneStack(app, 'Attune');
  return { stack, ...synthAndReport(app, packs) };
})();

describe('cdk-nag AwsSolutions and HIPAA.Security', () => {
  it('finds nothing unacknowledged, error or warning, and the synth succeeds', () => {
    expect(byDefault.findings).toEqual([]);
    expect(byDefault.error).toBeUndefined();
  });

  it('finds nothing unacknowledged with every option set (Transcribe Medical, a Bedrock inference profile, an existing key, user pool and API Gateway role, a web app domain and certificate, an account and Region)', () => {
    const { app, packs } = appWithPacks(EVERY_OPTION);
    new AttuneStack(app, 'Attune', { env: { account: '111122223333', region: 'eu-west-1' }, pipeline: { apiGatewayCloudWatchRole: false } });
    const { findings, error } = synthAndReport(app, packs);

    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
  });

  it('fails the synth on a finding nobody acknowledged, naming the rule and the resource', () => {
    const { app } = appWithPacks();
    const stack = new AttuneStack(app, 'Attune');
    new Queue(stack, 'Unreviewed');

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3[\s\S]*Attune\/Unreviewed\/Resource/);
  });
});

describe('acknowledgements (lib/compliance.ts)', () => {
  const acknowledgements = byDefault.stack.nagAcknowledgements;
  const VAGUE = /^(n\/?a|none|todo|tbd|ok|fine|false positive|not needed|not applicable|by design|intended)\b/i;
  // A service, a file, a construct or a figure: something a reviewer can go and check.
  const CONCRETE =
    /\b(S3|KMS|IAM|Lambda|DynamoDB|API Gateway|Cognito|Step Functions|EventBridge|SQS|SNS|CloudWatch|X-Ray|Transcribe|WAF|Bedrock|TLS|HTTPS)\b|\b(lib|lambdas|tests)\/\S+|\b[A-Z][a-z]+[A-Z]\w+|\d+ (days?|rps|characters?)/;

  it('gives each one a specific reason of at least 40 characters', () => {
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, path, reason } of acknowledgements) {
      expect(reason.length, `${id} at ${path}`).toBeGreaterThanOrEqual(40);
      expect(reason, `${id} at ${path}`).not.toMatch(VAGUE);
      expect(reason, `${id} at ${path}`).toMatch(CONCRETE);
    }
  });

  it('names one rule of the two packs, and one finding of the rules that report several', () => {
    for (const { id } of acknowledgements) {
      expect(id).toMatch(/^(AwsSolutions|HIPAA\.Security)-[A-Za-z0-9]+(\[.+\])?$/);
      if (/-(IAM4|IAM5)\b/.test(id)) expect(id).toMatch(/\[(Resource|Policy|Action)::.+\]$/);
    }
  });

  it('records each one on a single CloudFormation resource, never on a stack or a construct tree', () => {
    for (const { id, path } of acknowledgements) {
      const target = byDefault.stack.node.findAll().find((c: IConstruct) => c.node.path === path);
      expect(target, `${id} at ${path}`).toBeInstanceOf(CfnResource);
    }
  });

  it('acknowledges only findings the packs report without it (none is stale)', () => {
    // The same pipeline and web site at the same construct paths, without the acknowledgements.
    const app = new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Attune');
    const pipeline = new AttunePipeline(stack, 'Attune');
    const { api, storage, functions } = pipeline;
    new AttuneWebSite(stack, 'WebSite', {
      api: api.api,
      apiFunction: functions.api,
      userPool: api.userPool,
      storage,
      distDir: String(cdkJsonContext['attune:webDistDir']),
    });
    app.synth();
    const packs = [new AwsSolutionsChecks(), new HIPAASecurityChecks()];
    const reported = new Set(
      packs.flatMap((pack) => pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))),
    );

    for (const { id, path } of acknowledgements) expect(reported, `${id} at ${path}`).toContain(`${id} at ${path}`);
  });

  it('is listed in COMPLIANCE.md, rule by rule', () => {
    const compliance = readFileSync(new URL('../../COMPLIANCE.md', import.meta.url), 'utf8');

    for (const { id } of acknowledgements) expect(compliance, id).toContain(`\`${id.replace(/\[.*$/, '')}`);
    expect(Number(/(\d+)\s+acknowledgements, grouped/.exec(compliance)?.[1])).toBe(acknowledgements.length);
  });

  it('writes each one into the synthesized template next to its resource, for reviewers of the template', () => {
    const resources = byDefault.template!.toJSON().Resources as Record<
      string,
      { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }
    >;
    const written = Object.values(resources).flatMap((r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? []);

    expect(written.map((w) => w.id).sort()).toEqual(acknowledgements.map((a) => a.id).sort());
  });
});

describe('what the packs asked for, fixed rather than acknowledged', () => {
  const template = byDefault.template!;
  const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneStorageKey'), 'Arn'] };
  const keyStatements = () =>
    (Object.values(template.findResources('AWS::KMS::Key'))[0] as { Properties: { KeyPolicy: { Statement: Record<string, unknown>[] } } }).Properties.KeyPolicy
      .Statement;

  it('encrypts every log group (functions, workflow, API access logs) with the customer-managed key', () => {
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));

    expect(logGroups).toHaveLength(12);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { KmsKeyId: keyArn }, 12);
  });

  it("lets CloudWatch Logs use the key for this account's log groups only, and CloudWatch alarms for its SNS topics only", () => {
    expect(keyStatements()).toContainEqual(
      expect.objectContaining({
        Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': expect.anything() } },
      }),
    );
    expect(keyStatements()).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': expect.anything() } },
      }),
    );
  });

  it('encrypts the alarm topic with the key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
  });

  it('logs every state of every execution, without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('runs every function on nodejs22.x, the runtime the project targets (AwsSolutions-L1 acknowledged with why)', () => {
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs22.x' }, 10);
  });

  it('versions the access-log bucket, so a log deleted or overwritten stays recoverable for 30 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.absent(),
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Id: 'ExpireAccessLogs', ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 30 } })],
      },
    });
  });
});

describe('HIPAA safeguards the packs do not check (COMPLIANCE.md)', () => {
  const template = byDefault.template!;

  it('ends a session on its own: ID and access tokens last an hour, a refresh token 12 hours (automatic logoff)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('signs in with SRP only: no OAuth grant, no client secret, no hint whether a user exists', () => {
    const client = (Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0] as { Properties: Record<string, unknown> }).Properties;

    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.AllowedOAuthFlows).toBeUndefined();
    expect(client.CallbackURLs).toBeUndefined();
    expect(client).toMatchObject({ GenerateSecret: false, PreventUserExistenceErrors: 'ENABLED' });
  });

  it('refuses TLS below 1.2 on the buckets that hold recordings, transcripts and results', () => {
    for (const bucket of ['AttuneStorageUploads', 'AttuneStorageArtifacts']) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: Match.stringLikeRegexp(`^${bucket}`) },
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })]),
        },
      });
    }
  });
});
