/**
 * Retention in AWS: one setting (`attune:retentionDays`) sets both halves of a session's expiry. DynamoDB's
 * TTL deletes the session's item (note, scores, metrics, signatures) once `expiresAt` has passed, which
 * ValidateUpload sets RETENTION_DAYS after the upload; the TTL does not touch S3, so the artifacts bucket's
 * lifecycle rule expires the transcript, note and scores files after the same number of days. The local
 * runtime, whose dynalite has no TTL, does both in one sweep (local/retention.ts).
 */
import { describe, expect, it } from 'vitest';
import { functionLogicalId, synthStack } from './synth.js';

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
