/**
 * Retention in AWS: one setting (`attune:retentionDays`) sets both halves of a session's expiry. DynamoDB's
 * TTL deletes the session's item (note, scores, metrics, signatures) once `expiresAt` has passed, which
 * ValidateUpload sets RETENTION_DAYS after the upload; the TTL does not touch S3, so the artifacts bucket's
 * lifecycle rule expires the transcript, note and scores files after the same number of days. The local
 * runtime, whose dynalite has no TTL, does both in one sweep (local/runtime/retention.ts).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, functionLogicalId, functionPermissions, synthStack } from './synth.js';

const RETENTION_DAYS = 30;
const { template } = synthStack({ context: { 'attune:retentionDays': RETENTION_DAYS } });

type Rule = { Id: string; Prefix?: string; ExpirationInDays?: number; NoncurrentVersionExpiration?: { NoncurrentDays: number }; Status: string };

function bucket(prefix: string): { VersioningConfiguration?: { Status: string }; LifecycleConfiguration: { Rules: Rule[] } } {
  const entries = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) => id.startsWith(prefix));
  expect(entries).toHaveLength(1);
  return (entries[0]![1] as { Properties: ReturnType<typeof bucket> }).Properties;
}

describe('retention', () => {
  it('deletes a session item once its expiresAt has passed (DynamoDB TTL)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
  });

  it('sets expiresAt from the configured retention period', () => {
    const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId(template, 'ValidateUpload')] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(fn.Properties.Environment.Variables.RETENTION_DAYS).toBe(String(RETENTION_DAYS));
  });

  it('expires every artifact of a session after the same period, for good: the bucket keeps no older version', () => {
    const artifacts = bucket('AttuneStorageArtifacts');
    // Unversioned: an expiration deletes the object rather than hiding it behind a delete marker.
    expect(artifacts.VersioningConfiguration).toBeUndefined();
    const retention = artifacts.LifecycleConfiguration.Rules.find((rule) => rule.Id === 'ExpireWithRetention');
    // No prefix: transcripts/, notes/ and alliance/ alike.
    expect(retention).toMatchObject({ ExpirationInDays: RETENTION_DAYS, Status: 'Enabled' });
    expect(retention?.Prefix).toBeUndefined();
  });

  it('keeps no recording beyond a day, nor any older version of one, whatever the retention period', () => {
    const rules = bucket('AttuneStorageUploads').LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(expect.objectContaining({ Id: 'ExpireRawUploads', Prefix: 'uploads/', ExpirationInDays: 1 }));
    expect(rules).toContainEqual(expect.objectContaining({ Id: 'PurgeOldVersions', NoncurrentVersionExpiration: { NoncurrentDays: 1 } }));
  });
});

describe('deletion receipts for expirations (ExpireSessions on the table stream)', () => {
  const expireSessions = functionLogicalId(template, 'ExpireSessions');

  it("streams the table's items as they were before each change (old images, never new content)", () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'OLD_IMAGE' } });
  });

  it("hands ExpireSessions only the TTL's deletions of session items, retried, bisected and reported item by item, then to an encrypted queue", () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as { Properties: Record<string, unknown> }[];
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!.Properties;

    expect(mapping).toMatchObject({
      FunctionName: { Ref: expireSessions },
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneStorageSessions/), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 8,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^AttuneExpiryEventsDlq/), 'Arn'] } } },
    });
    const filters = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) => JSON.parse(f.Pattern) as unknown);
    expect(filters).toEqual([
      {
        eventName: ['REMOVE'],
        userIdentity: { type: ['Service'], principalId: ['dynamodb.amazonaws.com'] },
        dynamodb: { Keys: { sk: { S: ['SESSION'] } } },
      },
    ]);
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneStorageKey'), 'Arn'] },
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('gives ExpireSessions the table, both buckets and the key, and lets it write receipts under receipts/ only', () => {
    const fn = (template.findResources('AWS::Lambda::Function')[expireSessions] as { Properties: { Environment: { Variables: Record<string, unknown> } } })
      .Properties;
    expect(
      Object.keys(fn.Environment.Variables)
        .filter((name) => !name.startsWith('POWERTOOLS_'))
        .sort(),
    ).toEqual(['ARTIFACTS_BUCKET', 'KMS_KEY_ID', 'TABLE_NAME', 'UPLOADS_BUCKET']);

    const { statements } = functionPermissions(template, 'ExpireSessions');
    const puts = statements.filter((s) => actionsOf(s).includes('s3:PutObject')).map((s) => JSON.stringify(s.Resource));
    expect(puts).toEqual([expect.stringMatching(/AttuneStorageArtifacts\w+","Arn"\]\},"\/receipts\/\*"\]/)]);
    const deletable = statements
      .filter((s) => actionsOf(s).includes('s3:DeleteObjectVersion'))
      .map((s) => JSON.stringify(s.Resource))
      .join(' ');
    expect(deletable.match(/"\/[a-z]+\/\*"/g)?.sort()).toEqual(['"/alliance/*"', '"/notes/*"', '"/transcribe/*"', '"/transcripts/*"', '"/uploads/*"']);
    expect(deletable).not.toMatch(/receipts/);
  });
});
