/**
 * The local retention sweep (local/runtime/retention.ts) on the real local stack: sessions go through the
 * workflow, the retention period passes for some of them (their `expiresAt` is moved into the past, as
 * time would move it), and the sweep erases exactly those, as the API's DELETE would: a receipt each,
 * no item, no artifact, the text in no file under ATTUNE_HOME, an audit entry, a line in
 * receipts.ndjson. A fresh session is left alone, and one still being processed waits for a later sweep.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../lambdas/adapters/dynamodb/audit-log.js';
import { DynamoSessionRepository, sessionPk } from '../../lambdas/adapters/dynamodb/session-repository.js';
import { canonicalJson } from '../../lambdas/core/canonical-json.js';
import { loadPlan } from '../../local/runtime/definition.js';
import type { FileObjectStore } from '../../local/stand-ins/file-object-store.js';
import { attuneHome } from '../../local/runtime/home.js';
import { EXPIRE_ACTION, retentionDeps, startRetentionSweep, sweepExpired, type RetentionTarget, type SweepResult } from '../../local/runtime/retention.js';
import { claimHome, startDynamo, startObjectStore, type LocalDynamo } from '../../local/stand-ins/stores.js';
import { DeletionReceiptSchema, type DeletionReceipt } from '../../schemas/api.js';
import { BOOT_TIMEOUT_MS, CACHE_DIR, CONSENT, filesUnder, localEnv, root, startRuntime, tempHome } from './local-stack.js';

const TENANT = 'acme';
const CLIENT = 'harbour';
/** Said by the client in the sessions whose retention runs out: it must be in no file once they are swept. */
const CANARY = 'Ottoline-Brackenfurze-2291';
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
const WITH_CANARY = GOOD.replace('my brother', `my brother ${CANARY}`);
const NO_LABELS = `I went to see ${CANARY} on Tuesday and we talked for a long while.\nIt was a hard week.\n`;
const DAY_SECONDS = 24 * 3600;

const home = tempHome();
let dynamo: LocalDynamo;
let store: FileObjectStore;
let target: RetentionTarget;
let sessions: DynamoSessionRepository;
let release: () => void;

/** The session's item as if its retention period had run out `daysAgo` days ago. */
async function expire(sessionId: string, daysAgo = 1): Promise<void> {
  await dynamo.documents.send(
    new UpdateCommand({
      TableName: target.plan.table.name,
      Key: { pk: sessionPk(TENANT, sessionId), sk: 'SESSION' },
      UpdateExpression: 'SET expiresAt = :at',
      ExpressionAttributeValues: { ':at': Math.floor(Date.now() / 1000) - daysAgo * DAY_SECONDS },
    }),
  );
}

/** The session's transcript, note and scores still in the artifacts bucket, as the workflow wrote them. */
async function artifactsLeft(sessionId: string): Promise<string[]> {
  const keys = ['transcripts', 'notes', 'alliance'].map((prefix) => `${prefix}/${TENANT}/${CLIENT}/${sessionId}.json`);
  const found = await Promise.all(keys.map(async (key) => ((await store.head(target.plan.names.artifactsBucket, key)) ? [key] : [])));
  return found.flat();
}

function filesContaining(needle: string): string[] {
  return filesUnder(home.dir).filter((file) => readFileSync(join(home.dir, file)).includes(needle));
}

function receiptLines(): DeletionReceipt[] {
  const file = join(home.dir, 'receipts.ndjson');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => DeletionReceiptSchema.parse(JSON.parse(line)));
}

beforeAll(async () => {
  // The workflow writes the sessions as it does for any upload: COMPLETED with a note, FAILED with a reason.
  const runtime = await startRuntime(home.dir);
  try {
    const put = async (sessionId: string, body: string) => (await runtime.upload(`uploads/${TENANT}/${CLIENT}/${sessionId}.txt`, { body }, CONSENT))!.outcome;
    await Promise.all([put('old-done', WITH_CANARY), put('old-failed', NO_LABELS), put('fresh', GOOD), put('later', WITH_CANARY.replace(CANARY, 'nobody'))]);
  } finally {
    await runtime.close();
  }
  // The same home, opened as the sweep sees it: the runtime's table, buckets and compaction.
  const attune = attuneHome(localEnv(home.dir));
  release = claimHome(attune);
  const plan = await loadPlan({ cacheDir: CACHE_DIR });
  dynamo = await startDynamo(attune, plan);
  store = await startObjectStore(attune, plan);
  target = { home: attune, plan, store, documents: dynamo.documents, afterErase: () => dynamo.compact() };
  sessions = new DynamoSessionRepository(dynamo.documents, plan.table.name);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await dynamo?.close();
  release?.();
  home.cleanup();
});

describe('the retention sweep', () => {
  let result: SweepResult;

  it('erases the expired sessions, completed or failed, with a receipt each', async () => {
    // Prepare
    expect((await sessions.get({ tenantId: TENANT, sessionId: 'old-done' }))?.status).toBe('COMPLETED');
    expect((await sessions.get({ tenantId: TENANT, sessionId: 'old-failed' }))?.status).toBe('FAILED');
    expect(await artifactsLeft('old-done')).toHaveLength(3);
    expect(filesContaining(CANARY).length).toBeGreaterThan(0);
    await expire('old-done');
    await expire('old-failed', 30);
    // Uploaded again and still being processed: its old expiry has passed, but the workflow would write after an erasure.
    await sessions.createReceived({
      tenantId: TENANT,
      clientId: CLIENT,
      sessionId: 'busy',
      status: 'RECEIVED',
      sessionDate: '2026-09-01',
      createdAt: '2026-09-01T10:00:00.000Z',
      updatedAt: '2026-09-01T10:00:00.000Z',
      timings: {},
      expiresAt: Math.floor(Date.now() / 1000) - DAY_SECONDS,
    });
    await sessions.updateStatus({ tenantId: TENANT, sessionId: 'busy' }, 'TRANSCRIBING');

    // Act
    result = await sweepExpired(retentionDeps(target), new Date());

    // Assess
    expect(result.failed).toEqual([]);
    expect(result.receipts.map((r) => r.sessionIds[0]).sort()).toEqual(['old-done', 'old-failed']);
    const done = result.receipts.find((r) => r.sessionIds[0] === 'old-done')!;
    expect(done).toMatchObject({ tenantId: TENANT, scope: 'session', clientId: CLIENT, requestedBy: 'retention' });
    expect(done.removed.sessionRecords).toBe(1);
    // The session's stored analysis sits beside its transcript (transcripts/…/<session>.analysis.json) and goes with it.
    expect(done.removed.artifacts.filter((a) => a.key.endsWith('/old-done.analysis.json')).map((a) => a.kind)).toEqual(['transcript']);
    expect(done.removed.artifacts.map((a) => a.kind).sort()).toEqual(['alliance', 'note', 'transcript', 'transcript']);
    const { sha256, ...sealed } = done;
    expect(sha256).toBe(createHash('sha256').update(canonicalJson(sealed), 'utf8').digest('hex'));
  });

  it('leaves no item, no artifact and no copy of the text in any file under ATTUNE_HOME', async () => {
    expect(await sessions.get({ tenantId: TENANT, sessionId: 'old-done' })).toBeNull();
    expect(await sessions.get({ tenantId: TENANT, sessionId: 'old-failed' })).toBeNull();
    expect(await artifactsLeft('old-done')).toEqual([]);
    expect(filesContaining(CANARY)).toEqual([]);
  });

  it('leaves a session within its retention period as it was, and skips one still being processed', async () => {
    const fresh = await sessions.get({ tenantId: TENANT, sessionId: 'fresh' });
    expect(fresh?.status).toBe('COMPLETED');
    expect(fresh?.note?.sections.length).toBeGreaterThan(0);
    expect(await artifactsLeft('fresh')).toHaveLength(3);
    expect(result.skipped).toEqual([{ tenantId: TENANT, sessionId: 'busy', status: 'TRANSCRIBING' }]);
    expect((await sessions.get({ tenantId: TENANT, sessionId: 'busy' }))?.status).toBe('TRANSCRIBING');
  });

  it('records each expiry in the audit trail with its receipt id, and appends the receipts to receipts.ndjson', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const audit = await new DynamoAuditLog(dynamo.documents, target.plan.table.name).list(TENANT, { from: today, to: today, limit: 100 });
    const expiries = audit.items.filter((e) => e.action === EXPIRE_ACTION);
    expect(expiries.map((e) => [e.sessionId, e.receiptId, e.actor, e.status]).sort()).toEqual(
      result.receipts.map((r) => [r.sessionIds[0], r.receiptId, 'retention', 200]).sort(),
    );
    expect(receiptLines()).toEqual(result.receipts);
    expect(readFileSync(join(home.dir, 'receipts.ndjson'), 'utf8')).not.toMatch(/brother|Therapist/);
  });

  it('finds nothing more to erase on the next sweep', async () => {
    const again = await sweepExpired(retentionDeps(target), new Date());
    expect(again.receipts).toEqual([]);
    expect(receiptLines()).toHaveLength(2);
  });

  it('writes no receipt when the compaction fails, says so in the audit trail, and throws', async () => {
    // Prepare
    await sessions.createReceived({
      tenantId: TENANT,
      clientId: CLIENT,
      sessionId: 'old-rejected',
      status: 'FAILED',
      failure: { code: 'consent_missing', message: 'no consent' },
      sessionDate: null,
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:00:00.000Z',
      timings: {},
      expiresAt: Math.floor(Date.now() / 1000) - DAY_SECONDS,
    });
    const deps = { ...retentionDeps(target), afterErase: () => Promise.reject(new Error('disk full')) };

    // Act
    const sweep = sweepExpired(deps, new Date());

    // Assess
    await expect(sweep).rejects.toThrow(/old-rejected.*could not be compacted.*no receipts were written/);
    expect(await sessions.get({ tenantId: TENANT, sessionId: 'old-rejected' })).toBeNull();
    expect(receiptLines()).toHaveLength(2);
    const today = new Date().toISOString().slice(0, 10);
    const audit = await new DynamoAuditLog(dynamo.documents, target.plan.table.name).list(TENANT, { from: today, to: today, limit: 100 });
    const entry = audit.items.find((e) => e.sessionId === 'old-rejected');
    expect(entry).toMatchObject({ action: EXPIRE_ACTION, status: 500 });
    expect(entry?.receiptId).toBeUndefined();
  });
});

describe('startRetentionSweep', () => {
  it('sweeps at once and then on its interval, and sweeps no more once stopped', async () => {
    // Prepare
    await expire('later');
    const swept: SweepResult[] = [];
    const warnings: string[] = [];
    let firstSweep: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (firstSweep = resolve));

    // Act
    const stop = startRetentionSweep(target, {
      intervalMs: 50,
      onSweep: (r) => {
        swept.push(r);
        firstSweep();
      },
      onWarning: (m) => warnings.push(m),
    });
    await first;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stop();
    const sweepsWhenStopped = swept.length;
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess
    expect(swept[0]!.receipts.map((r) => r.sessionIds[0])).toEqual(['later']);
    expect(await sessions.get({ tenantId: TENANT, sessionId: 'later' })).toBeNull();
    // The busy session is skipped by every sweep, so each one reports: more than one ran, none after the stop.
    expect(sweepsWhenStopped).toBeGreaterThan(1);
    expect(swept.slice(1).every((r) => r.receipts.length === 0 && r.skipped.length === 1)).toBe(true);
    expect(swept.length).toBe(sweepsWhenStopped);
    expect(warnings).toEqual([]);
    expect((await sessions.get({ tenantId: TENANT, sessionId: 'fresh' }))?.status).toBe('COMPLETED');
  });
});
