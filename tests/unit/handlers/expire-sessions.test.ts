import './handler-env.js';
import { createHash } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../lambdas/core/canonical-json.js';
import { createExpireSessionsHandler } from '../../../lambdas/expire-sessions/handler.js';
import { receiptKey } from '../../../lambdas/use-cases/expire-session.js';
import { DeletionReceiptSchema, type DeletionReceipt } from '../../../schemas/api.js';
import { MemoryAudit, MemoryIdempotency, MemoryObjects } from '../api/memory.js';
import { captureLogs } from './fake-s3.js';

const UPLOADS = 'attune-uploads';
const ARTIFACTS = 'attune-artifacts';
/** Said in the session's note: it must reach no log line and no receipt. */
const CANARY = 'Marigold-Quillfeather-8813';
/** 2026-11-20T08:00:00Z, when the TTL deleted the item. */
const DELETED_AT_SECONDS = 1_795_161_600;

/** The session item as the table held it, with its content (the OldImage a TTL REMOVE carries). */
function sessionItem(tenantId: string, clientId: string, sessionId: string): Record<string, unknown> {
  return {
    pk: `TENANT#${tenantId}#SESSION#${sessionId}`,
    sk: 'SESSION',
    gsi1pk: `TENANT#${tenantId}#CLIENT#${clientId}`,
    gsi1sk: `DATE#2025-11-19#SESSION#${sessionId}`,
    tenantId,
    clientId,
    sessionId,
    status: 'COMPLETED',
    note: { format: 'soap', text: `S: the client spoke of ${CANARY}.` },
    expiresAt: DELETED_AT_SECONDS - 60,
  };
}

interface RecordOptions {
  eventID?: string;
  sequence?: string;
  byTtl?: boolean;
}

/** A stream record as DynamoDB Streams delivers a deletion: by the TTL service, or by a role (a user's DELETE). */
function removal(item: Record<string, unknown>, options: RecordOptions = {}): DynamoDBRecord {
  return {
    eventID: options.eventID ?? 'e-1',
    eventName: 'REMOVE',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: DELETED_AT_SECONDS,
      Keys: marshall({ pk: item.pk, sk: item.sk }) as Record<string, AttributeValue>,
      OldImage: marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>,
      SequenceNumber: options.sequence ?? '100',
      StreamViewType: 'OLD_IMAGE',
    },
    ...(options.byTtl === false ? { userIdentity: undefined } : { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } }),
  };
}

const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

let objects: MemoryObjects;
let idempotency: MemoryIdempotency;
let audit: MemoryAudit;

/** What the workflow and the API left of a session: its upload (two versions), transcript, note, scores and an Idempotency-Key record. */
async function seedSession(tenantId: string, clientId: string, sessionId: string): Promise<void> {
  const rest = `${tenantId}/${clientId}/${sessionId}`;
  await objects.write(UPLOADS, `uploads/${rest}.wav`, 'RIFF1', 'audio/wav');
  await objects.write(UPLOADS, `uploads/${rest}.wav`, 'RIFF2', 'audio/wav');
  await objects.write(ARTIFACTS, `transcripts/${rest}.json`, `{"text":"${CANARY}"}`, 'application/json');
  await objects.write(ARTIFACTS, `notes/${rest}.json`, `{"text":"${CANARY}"}`, 'application/json');
  await objects.write(ARTIFACTS, `alliance/${rest}.json`, '{"score":5}', 'application/json');
  idempotency.items.set(`${tenantId}/key-${sessionId}`, { fingerprint: 'f', sessionId });
}

function handler(overrides: Partial<Parameters<typeof createExpireSessionsHandler>[0]> = {}) {
  return createExpireSessionsHandler({ objects, idempotency, audit, buckets: { uploads: UPLOADS, artifacts: ARTIFACTS }, ...overrides });
}

/** The receipts in the artifacts bucket, by key. */
async function receipts(): Promise<Map<string, DeletionReceipt>> {
  const found = new Map<string, DeletionReceipt>();
  for (const [id, versions] of objects.objects) {
    if (!id.startsWith(`${ARTIFACTS}/receipts/`)) continue;
    found.set(id.slice(ARTIFACTS.length + 1), DeletionReceiptSchema.parse(JSON.parse(new TextDecoder().decode(versions.at(-1)!.body))));
  }
  return found;
}

function sessionKeysLeft(): string[] {
  return [...objects.objects.keys()].filter((id) => !id.startsWith(`${ARTIFACTS}/receipts/`));
}

beforeEach(() => {
  objects = new MemoryObjects();
  idempotency = new MemoryIdempotency();
  audit = new MemoryAudit();
});

describe('ExpireSessions (DynamoDB TTL deletions on the table stream)', () => {
  it('erases what an expired session left, and writes its receipt and audit entry', async () => {
    // Prepare
    await seedSession('acme', 'harbour', 's1');
    await seedSession('acme', 'harbour', 's10');

    // Act
    const result = await handler()(batch(removal(sessionItem('acme', 'harbour', 's1'))));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    // s10 shares s1's prefix but for the dot: it stays whole.
    expect(sessionKeysLeft().sort()).toEqual(
      [
        `${UPLOADS}/uploads/acme/harbour/s10.wav`,
        `${ARTIFACTS}/alliance/acme/harbour/s10.json`,
        `${ARTIFACTS}/notes/acme/harbour/s10.json`,
        `${ARTIFACTS}/transcripts/acme/harbour/s10.json`,
      ].sort(),
    );
    expect([...idempotency.items.keys()]).toEqual(['acme/key-s10']);

    const written = await receipts();
    expect(written.size).toBe(1);
    const [[key, receipt]] = [...written] as [[string, DeletionReceipt]];
    expect(key).toBe(`receipts/acme/2026-11-20/${receipt.receiptId}.json`);
    expect(receipt).toMatchObject({
      tenantId: 'acme',
      scope: 'session',
      clientId: 'harbour',
      sessionIds: ['s1'],
      requestedBy: 'retention',
      deletedAt: '2026-11-20T08:00:00.000Z',
      removed: {
        sessionRecords: 1,
        clientRecords: 0,
        uploadVersions: 2,
        idempotencyRecords: 1,
        artifacts: [
          { kind: 'alliance', key: 'alliance/acme/harbour/s1.json', versions: 1 },
          { kind: 'note', key: 'notes/acme/harbour/s1.json', versions: 1 },
          { kind: 'transcript', key: 'transcripts/acme/harbour/s1.json', versions: 1 },
          { kind: 'upload', key: 'uploads/acme/harbour/s1.wav', versions: 2 },
        ],
      },
    });
    const { sha256, ...body } = receipt;
    expect(sha256).toBe(createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex'));
    expect(objects.objects.get(`${ARTIFACTS}/${key}`)![0]!.contentType).toBe('application/json');

    expect(audit.entries).toEqual([
      {
        tenantId: 'acme',
        at: '2026-11-20T08:00:00.000Z',
        actor: 'retention',
        roles: [],
        action: 'session.expire',
        method: 'DELETE',
        route: 'ttl',
        status: 200,
        clientId: 'harbour',
        sessionId: 's1',
        receiptId: receipt.receiptId,
        requestId: 'e-1',
      },
    ]);
  });

  it.each([
    ["a user's DELETE (a REMOVE made by a role, which has its own receipt)", removal(sessionItem('acme', 'harbour', 's1'), { byTtl: false })],
    ['an INSERT', { ...removal(sessionItem('acme', 'harbour', 's1')), eventName: 'INSERT' as const }],
    ['an expired audit entry', removal({ pk: 'TENANT#acme#AUDIT#2019-01-01', sk: '2019-01-01T00:00:00Z#r1', tenantId: 'acme', actor: 'u1', expiresAt: 1 })],
    ['an expired idempotency record', removal({ pk: 'TENANT#acme#IDEMPOTENCY#abc', sk: 'RECORD', tenantId: 'acme', sessionId: 's1', expiresAt: 1 })],
    ['a session item whose key names another session', removal({ ...sessionItem('acme', 'harbour', 's1'), pk: 'TENANT#acme#SESSION#s2' })],
  ])('ignores %s', async (_case, record) => {
    // Prepare
    await seedSession('acme', 'harbour', 's1');
    const before = sessionKeysLeft();

    // Act
    const result = await handler()(batch(record));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sessionKeysLeft()).toEqual(before);
    expect(idempotency.items.size).toBe(1);
    expect(await receipts()).toEqual(new Map());
    expect(audit.entries).toEqual([]);
  });

  it('writes the same receipt, under the same key, when a record is delivered again', async () => {
    // Prepare
    await seedSession('acme', 'harbour', 's1');
    const record = removal(sessionItem('acme', 'harbour', 's1'), { eventID: 'e-7' });
    await handler()(batch(record));
    const first = await receipts();

    // Act: the retried batch finds the objects already gone.
    const result = await handler()(batch(record));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const second = await receipts();
    expect([...second.keys()]).toEqual([...first.keys()]);
    const [receipt] = [...second.values()];
    expect(receipt!.receiptId).toBe([...first.values()][0]!.receiptId);
    expect(receiptKey(receipt!)).toBe([...first.keys()][0]);
    // Both audit entries carry the same request id: DynamoAuditLog keeps the first of a request id.
    expect(new Set(audit.entries.map((e) => `${e.at}#${e.requestId}`)).size).toBe(1);
  });

  it('reports a record whose erasure failed, and still expires the others of the batch', async () => {
    // Prepare
    await seedSession('acme', 'harbour', 's1');
    await seedSession('acme', 'harbour', 's2');
    // S3 refuses the deletions of s1's objects only.
    const failing = {
      write: objects.write.bind(objects),
      deletePrefix: async (bucket: string, prefix: string) => {
        if (prefix.includes('/s1.')) throw Object.assign(new Error('SlowDown'), { name: 'SlowDown' });
        return objects.deletePrefix(bucket, prefix);
      },
    };

    // Act
    const result = await handler({ objects: failing })(
      batch(
        removal(sessionItem('acme', 'harbour', 's1'), { eventID: 'e-1', sequence: '100' }),
        removal(sessionItem('acme', 'harbour', 's2'), { eventID: 'e-2', sequence: '200' }),
      ),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect([...(await receipts()).values()].map((r) => r.sessionIds)).toEqual([['s2']]);
    expect(audit.entries.map((e) => e.sessionId)).toEqual(['s2']);
    expect(sessionKeysLeft().some((id) => id.includes('/s2.'))).toBe(false);
  });

  it('logs ids and counts, never the session content', async () => {
    // Prepare
    await seedSession('acme', 'harbour', 's1');
    const logs = captureLogs();

    // Act
    try {
      await handler()(batch(removal(sessionItem('acme', 'harbour', 's1'))));
    } finally {
      logs.restore();
    }

    // Assess
    expect(logs.text()).toContain('expired session erased');
    expect(logs.text()).toContain('s1');
    expect(logs.text()).not.toContain(CANARY);
    expect(JSON.stringify([...(await receipts()).values()])).not.toContain(CANARY);
  });
});
