/**
 * What EventBridge does between S3 and the state machine in AWS: S3's "Object Created" event for the
 * uploads bucket, matched against the upload rule's event pattern taken from the template. Only the
 * pattern operators the rule uses are implemented; any other stops the runtime at start-up.
 */
import { randomUUID } from 'node:crypto';
import type { ObjectCreated } from './file-object-store.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../runtime/home.js';

type Pattern = { [key: string]: Pattern | unknown[] };

/** The event S3 sends EventBridge for a new object (detail-type "Object Created"). */
export function objectCreatedEvent(created: ObjectCreated): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: LOCAL_ACCOUNT,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:s3:::${created.bucket}`],
    detail: {
      version: '0',
      bucket: { name: created.bucket },
      object: {
        key: created.key,
        size: created.bytes,
        ...(created.versionId ? { 'version-id': created.versionId } : {}),
        sequencer: Date.now().toString(16).toUpperCase(),
      },
      'request-id': randomUUID(),
      requester: LOCAL_ACCOUNT,
      reason: 'PutObject',
    },
  };
}

function matchesValue(condition: unknown, value: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return condition === value;
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    case 'exists':
      return (value !== undefined) === operand;
    default:
      throw new Error(`the upload rule uses the event pattern operator ${String(operator)}, which the local runtime does not implement`);
  }
}

/** EventBridge pattern matching: every field in the pattern must match; a list matches any of its entries. */
export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const value = (event as Record<string, unknown> | null)?.[field];
    if (Array.isArray(expected)) {
      const values = Array.isArray(value) ? value : [value];
      return expected.some((condition) => values.some((v) => matchesValue(condition, v)));
    }
    return matchesPattern(expected as Pattern, value);
  });
}
