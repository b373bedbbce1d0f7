import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStack } from './synth.js';

const { template } = synthStack();
const oneDay = 1;

function bucketByLogicalPrefix(prefix: string): Record<string, unknown> {
  const entries = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) => id.startsWith(prefix));
  expect(entries).toHaveLength(1);
  return (entries[0]![1] as { Properties: Record<string, unknown> }).Properties;
}
const keyRef = { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneStorageKey'), 'Arn'] };

describe('storage', () => {
  it('creates one customer-managed KMS key with rotation, kept on stack deletion', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('encrypts the uploads bucket with the key, blocks public access, versions it and sends events to EventBridge', () => {
    const uploads = bucketByLogicalPrefix('AttuneStorageUploads');

    expect(uploads.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/^AttuneStorageKey/), 'Arn'] }),
          },
        },
      ],
    });
    expect(uploads.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(uploads.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(uploads.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(uploads.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^AttuneStorageAccessLogs/) },
      LogFilePrefix: 'uploads/',
    });
  });

  it('keeps a raw recording at most a day, whatever happened to its workflow', () => {
    const uploads = bucketByLogicalPrefix('AttuneStorageUploads');

    expect(uploads.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'ExpireRawUploads', Prefix: 'uploads/', ExpirationInDays: oneDay, Status: 'Enabled' },
        {
          Id: 'PurgeOldVersions',
          NoncurrentVersionExpiration: { NoncurrentDays: oneDay },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: oneDay },
          ExpiredObjectDeleteMarker: true,
          Status: 'Enabled',
        },
      ],
    });
  });

  it('encrypts the artifacts bucket with the key and expires Transcribe output in a day and the rest with retention', () => {
    const artifacts = bucketByLogicalPrefix('AttuneStorageArtifacts');

    expect(JSON.stringify(artifacts.BucketEncryption)).toContain('aws:kms');
    expect(artifacts.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
    expect(artifacts.VersioningConfiguration).toBeUndefined();
    expect(artifacts.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'ExpireTranscribeOutput', Prefix: 'transcribe/', ExpirationInDays: oneDay, Status: 'Enabled' },
        { Id: 'ExpireWithRetention', ExpirationInDays: 365, AbortIncompleteMultipartUpload: { DaysAfterInitiation: oneDay }, Status: 'Enabled' },
      ],
    });
  });

  it('refuses plain HTTP on every bucket', () => {
    // Uploads, artifacts, access logs, and the web site's bucket (web-site.test.ts).
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
    template.resourcePropertiesCountIs(
      'AWS::S3::BucketPolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      },
      4,
    );
  });

  it('lets only S3 log delivery, for our two buckets, write the access-log bucket (SSE-S3, the only encryption it supports)', () => {
    const logs = bucketByLogicalPrefix('AttuneStorageAccessLogs');

    expect(logs.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^AttuneStorageAccessLogs') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttuneStorageUploads'), 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('creates the sessions table with the documented keys, GSI, TTL, customer-managed key and point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byClient',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: 'reviewQueue',
            KeySchema: [
              { AttributeName: 'reviewQueue', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['clientId'] },
          },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyRef },
      },
    });
  });
});
