/**
 * The plan store's DynamoDB adapter against a real dynalite: DynamoDB itself evaluates the conditional
 * writes of the current version (of two concurrent edits or an edit and a signature, one wins), keeps each
 * version (a signed one never replaced by an unsigned copy), lists the entered measures by date, and removes
 * everything of one client and nothing of another.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoClientPlanStore } from '../../lambdas/adapters/dynamodb/client-plans.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/runtime/home.js';
import type { MeasureRecord, PlanVersion, StoredTreatmentPlan } from '../../schemas/plan.js';

const TABLE = 'attune-plans';
const KEY = { tenantId: 't1', clientId: 'c1' };
const OTHER = { tenantId: 't1', clientId: 'c2' };
const PLAN: StoredTreatmentPlan = {
  status: 'draft',
  problems: [{ text: 'Poor sleep', kind: 'finding', evidence: [{ session: 's1', turnId: 't0003' }] }],
  goals: [{ goalId: 'goal-1', text: 'Sleep through most nights', targetDate: null, objectives: [], evidence: [{ session: 's1', turnId: 't0004' }] }],
  interventions: [],
  gaps: [],
};
const version = (n: number, by = 'u1'): PlanVersion => ({ clientId: 'c1', version: n, plan: PLAN, editedBy: by, editedAt: '2026-10-01T12:00:00.000Z' });
const measure = (id: string, date: string): MeasureRecord => ({
  instrument: 'PHQ-9',
  value: 9,
  date,
  source: 'clinician',
  measureId: id,
  enteredBy: 'u1',
  enteredAt: '2026-10-01T12:00:00.000Z',
});

describe('DynamoClientPlanStore on dynalite', () => {
  let server: Server;
  let store: DynamoClientPlanStore;

  beforeAll(async () => {
    const { default: dynalite } = await import('dynalite');
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    store = new DynamoClientPlanStore(DynamoDBDocumentClient.from(client), TABLE);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('writes versions conditionally: of two edits of one version one wins; a signature and an edit of one version, one wins', async () => {
    // Act
    const firsts = await Promise.all([
      store.writeVersion(KEY, version(1, 'a'), { version: 0, signed: false }),
      store.writeVersion(KEY, version(1, 'b'), { version: 0, signed: false }),
    ]);
    const winner = (await store.current(KEY))!;
    const signature = { version: 1, signedBy: 'u1', signedAt: '2026-10-01T12:05:00.000Z', sha256: 'ab'.repeat(32) };
    const race = await Promise.all([
      store.sign(KEY, 1, signature, { ...PLAN, status: 'final' }),
      store.writeVersion(KEY, version(2), { version: 1, signed: false }),
    ]);
    const after = await store.writeVersion(KEY, version(2), { version: 1, signed: race[0] });

    // Assess
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect((await store.version(KEY, 1))?.editedBy).toBe(winner.editedBy);
    expect(race.filter(Boolean)).toHaveLength(1);
    if (race[0]) {
      expect(after).toBe(true);
      expect((await store.version(KEY, 1))?.signature).toMatchObject({ version: 1, signedBy: 'u1' });
      expect((await store.version(KEY, 1))?.plan.status).toBe('final');
    } else {
      expect(after).toBe(false);
      expect((await store.version(KEY, 1))?.signature).toBeUndefined();
    }
    expect((await store.current(KEY))?.version).toBe(2);
    expect(await store.sign(KEY, 1, signature, PLAN)).toBe(false);
  });

  it('lists measures by date and removes everything of one client, counted, and nothing of another', async () => {
    // Prepare
    await store.addMeasure(KEY, measure('m2', '2026-09-20'));
    await store.addMeasure(KEY, measure('m1', '2026-09-10'));
    await store.addMeasure(OTHER, measure('m3', '2026-09-10'));
    await store.writeVersion(OTHER, { ...version(1), clientId: 'c2' }, { version: 0, signed: false });

    // Act
    const listed = await store.listMeasures(KEY);
    const removed = await store.removeAll(KEY);

    // Assess
    expect(listed.map((m) => m.measureId)).toEqual(['m1', 'm2']);
    expect(removed).toEqual({ planRecords: 3, measureRecords: 2 });
    expect(await store.current(KEY)).toBeNull();
    expect(await store.listMeasures(KEY)).toEqual([]);
    expect((await store.current(OTHER))?.version).toBe(1);
    expect(await store.listMeasures(OTHER)).toHaveLength(1);
  });
});
