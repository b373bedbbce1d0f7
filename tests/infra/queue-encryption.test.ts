/**
 * Issue 15 (Low): every SQS queue of the stack is encrypted with the stack's customer-managed key, as the
 * buckets and the table are: a dead-letter queue holds session ids and upload keys. The upload-events
 * dead-letter queue used SQS-managed keys.
 */
import { describe, expect, it } from 'vitest';
import { synthStack } from './synth.js';

const { template } = synthStack();
const queues = template.findResources('AWS::SQS::Queue');
const keys = Object.keys(template.findResources('AWS::KMS::Key'));

describe('SQS queues', () => {
  it('are all encrypted with the stack’s customer-managed key, never SQS-managed keys', () => {
    // Assess
    expect(Object.keys(queues).length).toBeGreaterThanOrEqual(3);
    expect(keys).toHaveLength(1);
    for (const [id, queue] of Object.entries(queues)) {
      const properties = (queue as { Properties: Record<string, unknown> }).Properties;
      expect({ id, sqsManaged: properties.SqsManagedSseEnabled ?? false, key: properties.KmsMasterKeyId }).toEqual({
        id,
        sqsManaged: false,
        key: { 'Fn::GetAtt': [keys[0], 'Arn'] },
      });
    }
  });

  it('encrypts the upload-events dead-letter queue with the key', () => {
    // Assess
    const upload = Object.entries(queues).find(([id]) => id.includes('UploadEventsDlq'));
    expect(upload).toBeDefined();
    expect((upload![1] as { Properties: Record<string, unknown> }).Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keys[0], 'Arn'] });
  });
});
