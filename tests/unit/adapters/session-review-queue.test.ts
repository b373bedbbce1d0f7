/**
 * The review queue in the DynamoDB session repository (aws-sdk-client-mock; no network): which writes put
 * a session into the sparse `reviewQueue` index or take it out, and how a page of the queue is read from
 * it. The mocked table answers Query and GetItem from a Map with the index's own rules (partition, sort
 * key descending, ExclusiveStartKey, Limit), so order and pagination are the adapter's, not the mock's.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoSessionRepository, reviewQueuePk } from '../../../lambdas/adapters/dynamodb/session-repository.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { reviewLevelOf } from '../../../lambdas/ports/session-repository.js';
import type { RiskReport, RiskSummary } from '../../../schemas/risk.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { completedRecord } from '../api/fixtures.js';
import { itemOf } from '../handlers/session-fixtures.js';

const TABLE = 'attune-sessions';
const dynamo = mockClient(DynamoDBDocumentClient);
let repository: DynamoSessionRepository;
/** The table: items by pk, each with the reviewQueue attribute a write would have set. */
let table: Map<string, Record<string, unknown>>;

function risk(level: RiskSummary['highestLevel']): RiskReport {
  const found = level !== 'none';
  return {
    summary: {
      reviewRequired: found,
      highestLevel: level,
      categories: found ? ['passive_ideation'] : [],
      assessment: found ? 'not_assessed' : 'not_applicable',
      findings: found ? 1 : 0,
      denials: 0,
    },
    findings: found
      ? [
          {
            category: 'passive_ideation',
            level,
            cssrsLevel: 1,
            recency: 'current',
            turnId: 't0004',
            quote: 'I wish I could sleep and not wake up',
            uncertain: false,
          },
        ]
      : [],
    denials: [],
    episodes: [],
    source: 'local',
    detectorVersion: 'test',
  };
}

function store(record: SessionRecord, indexed = reviewLevelOf(record)): void {
  const item: Record<string, unknown> = itemOf(record);
  if (indexed) item.reviewQueue = reviewQueuePk(record.tenantId, indexed);
  table.set(item.pk as string, item);
}

/** Query on the reviewQueue index, as DynamoDB answers it: keys and clientId only. */
function queryIndex(input: QueryCommandInput) {
  const partition = input.ExpressionAttributeValues?.[':queue'];
  const after = input.ExclusiveStartKey?.gsi1sk as string | undefined;
  const entries = [...table.values()]
    .filter((item) => item.reviewQueue === partition && (after === undefined || (item.gsi1sk as string) < after))
    .sort((a, b) => (b.gsi1sk as string).localeCompare(a.gsi1sk as string));
  const page = entries.slice(0, input.Limit);
  const keys = page.map(({ pk, sk, reviewQueue, gsi1sk, clientId }) => ({ pk, sk, reviewQueue, gsi1sk, clientId }));
  const last = keys.at(-1);
  return {
    Items: keys,
    ...(entries.length > page.length && last ? { LastEvaluatedKey: { pk: last.pk, sk: last.sk, reviewQueue: last.reviewQueue, gsi1sk: last.gsi1sk } } : {}),
  };
}

beforeEach(() => {
  dynamo.reset();
  table = new Map();
  dynamo.on(QueryCommand).callsFake(queryIndex);
  dynamo.on(GetCommand).callsFake((input) => ({ ...(table.has(input.Key.pk) ? { Item: structuredClone(table.get(input.Key.pk)) } : {}) }));
  repository = new DynamoSessionRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);
});
afterEach(() => dynamo.reset());

const ids = (page: { items: SessionRecord[] }) => page.items.map((r) => r.sessionId);

describe('DynamoSessionRepository.listReviewQueue', () => {
  beforeEach(() => {
    store(completedRecord({ tenantId: 'acme', sessionId: 'low', sessionDate: '2026-09-20', risk: risk('low') }));
    store(completedRecord({ tenantId: 'acme', sessionId: 'high-old', sessionDate: '2026-08-01', risk: risk('high') }));
    store(completedRecord({ tenantId: 'acme', sessionId: 'high-new', sessionDate: '2026-09-01', risk: risk('high') }));
    store(completedRecord({ tenantId: 'acme', clientId: 'c2', sessionId: 'moderate', sessionDate: '2026-09-10', risk: risk('moderate') }));
    const noteOnly = completedRecord({ tenantId: 'acme', sessionId: 'note-only', sessionDate: '2026-09-25' });
    store({ ...noteOnly, note: { ...noteOnly.note!, reviewRequired: true } });
    store(completedRecord({ tenantId: 'acme', sessionId: 'calm', sessionDate: '2026-09-26', risk: risk('none') }));
    store(completedRecord({ tenantId: 'globex', sessionId: 'foreign', risk: risk('high') }));
  });

  it("answers the tenant's queue: high, moderate, low, then note-only, newest first within a level", async () => {
    // Act
    const page = await repository.listReviewQueue('acme', { limit: 20 });

    // Assess
    expect(ids(page)).toEqual(['high-new', 'high-old', 'moderate', 'low', 'note-only']);
    expect(page.cursor).toBeUndefined();
    expect(page.items[0]!.risk).toEqual(risk('high'));
    expect(page.items[0]).not.toHaveProperty('reviewQueue');
    const query = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({
      TableName: TABLE,
      IndexName: 'reviewQueue',
      ExpressionAttributeValues: { ':queue': 'TENANT#acme#REVIEW#high' },
      ScanIndexForward: false,
    });
  });

  it("reads only the listed clients' sessions: the others are filtered on the index, before any item is read", async () => {
    // Act
    const page = await repository.listReviewQueue('acme', { limit: 20, clientIds: new Set(['c2']) });

    // Assess
    expect(ids(page)).toEqual(['moderate']);
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.pk)).toEqual(['TENANT#acme#SESSION#moderate']);
  });

  it('skips an entry the index still holds for a session signed since (the index lags the table)', async () => {
    // Prepare
    const signed = completedRecord({ tenantId: 'acme', sessionId: 'just-signed', sessionDate: '2026-09-30', risk: risk('high') });
    store({ ...signed, noteSignature: { version: 1, signedBy: 'u1', signedAt: '2026-09-30T12:00:00.000Z', sha256: 'a'.repeat(64) } }, 'high');

    // Act
    const page = await repository.listReviewQueue('acme', { limit: 20 });

    // Assess
    expect(ids(page)).not.toContain('just-signed');
    expect(ids(page)).toHaveLength(5);
  });

  it('pages with a cursor that continues after the last session answered, across levels, and ends without one', async () => {
    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.listReviewQueue('acme', { limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(ids(page));
      cursor = page.cursor;
    } while (cursor && pages.length < 10);

    // Assess
    expect(pages.flat()).toEqual(['high-new', 'high-old', 'moderate', 'low', 'note-only']);
    expect(pages.slice(0, 3)).toEqual([['high-new', 'high-old'], ['moderate', 'low'], ['note-only']]);
    expect(cursor).toBeUndefined();
  });

  it("refuses a cursor from another tenant's queue, a tampered one, and a page size outside 1-100", async () => {
    // Prepare
    const { cursor } = await repository.listReviewQueue('acme', { limit: 1 });
    const forged = (position: Record<string, string>) => Buffer.from(JSON.stringify(position)).toString('base64url');

    // Act
    const attempts = [
      repository.listReviewQueue('globex', { limit: 1, cursor: cursor! }),
      repository.listReviewQueue('acme', { limit: 1, cursor: 'not a cursor' }),
      repository.listReviewQueue('acme', {
        limit: 1,
        cursor: forged({ level: 'high', pk: 'TENANT#globex#SESSION#foreign', gsi1sk: 'DATE#2026-09-01#SESSION#foreign' }),
      }),
      repository.listReviewQueue('acme', {
        limit: 1,
        cursor: forged({ level: 'urgent', pk: 'TENANT#acme#SESSION#low', gsi1sk: 'DATE#2026-09-20#SESSION#low' }),
      }),
      repository.listReviewQueue('acme', {
        limit: 1,
        cursor: forged({ level: 'high', pk: 'TENANT#acme#SESSION#low', gsi1sk: 'DATE#2026-09-20#SESSION#other' }),
      }),
      repository.listReviewQueue('acme', { limit: 0 }),
      repository.listReviewQueue('acme', { limit: 101 }),
    ];

    // Assess
    expect(cursor).toEqual(expect.any(String));
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('writes keep the reviewQueue attribute', () => {
  beforeEach(() => dynamo.on(UpdateCommand).resolves({}));

  /** What an UpdateCommand did to the reviewQueue attribute: the partition it set, 'removed', or null when untouched. */
  function reviewQueueWrite(): string | null {
    const input = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    const expression = input.UpdateExpression ?? '';
    if (/#reviewQueue = :reviewQueue/.test(expression)) return input.ExpressionAttributeValues?.[':reviewQueue'] as string;
    if (/REMOVE .*#reviewQueue/.test(expression)) return 'removed';
    return null;
  }

  function results(record: SessionRecord) {
    const { note, alliance, metrics, risk: found, provenance, transcriptKey, timings, executionId } = record;
    return { note, alliance, metrics, risk: found, provenance, transcriptKey, timings, executionId };
  }

  it('completing a session whose risk requires review puts it in the queue at its highest level', async () => {
    await repository.complete({ tenantId: 'acme', sessionId: 's1' }, results(completedRecord({ tenantId: 'acme', risk: risk('moderate') })));

    expect(reviewQueueWrite()).toBe('TENANT#acme#REVIEW#moderate');
  });

  it('completing a session with nothing to review keeps it out of the queue', async () => {
    await repository.complete({ tenantId: 'acme', sessionId: 's1' }, results(completedRecord({ tenantId: 'acme', risk: risk('none') })));

    expect(reviewQueueWrite()).toBe('removed');
  });

  it('signing takes the session out; an unsigned version puts it back; a write without a level leaves it', async () => {
    const record = completedRecord({ tenantId: 'acme', risk: risk('high') });
    const fields = { note: record.note!, noteVersion: 2 };

    await repository.updateNote({ tenantId: 'acme', sessionId: 's1' }, { version: 1, signed: false }, { ...fields, reviewLevel: null });
    const signed = reviewQueueWrite();
    dynamo.resetHistory();
    await repository.updateNote({ tenantId: 'acme', sessionId: 's1' }, { version: 1, signed: false }, { ...fields, reviewLevel: 'high' });
    const edited = reviewQueueWrite();
    dynamo.resetHistory();
    await repository.updateNote({ tenantId: 'acme', sessionId: 's1' }, { version: 1, signed: false }, fields);
    const untouched = reviewQueueWrite();

    expect([signed, edited, untouched]).toEqual(['removed', 'TENANT#acme#REVIEW#high', null]);
  });
});
