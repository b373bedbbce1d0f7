/**
 * Retention in the local runtime. In AWS a session's item is deleted by DynamoDB's TTL once `expiresAt`
 * (set by ValidateUpload, RETENTION_DAYS after the upload) has passed, and its transcript, note and scores
 * by the artifacts bucket's lifecycle rule after the same number of days (lib/constructs/storage.ts).
 * dynalite has no TTL, so here a sweep does both: each expired session is erased exactly as
 * `DELETE /sessions/{id}` erases it (the same use case, lambdas/use-cases/erase-session.ts), with a deletion
 * receipt (requestedBy `retention`) appended to ATTUNE_HOME/receipts.ndjson and an audit entry (action
 * `session.expire`). A session still being processed is left for a later sweep: erasing it now would let
 * the workflow write results after the erasure.
 *
 * Finding the expired sessions is a Scan: the table has no index on `expiresAt`, and in AWS the TTL needs
 * none. Locally the table holds one machine's sessions, and the Scan reads only the ids of the expired
 * session items (a filter and a projection), never their content.
 */
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../../lambdas/adapters/dynamodb/audit-log.js';
import { DynamoIdempotencyStore } from '../../lambdas/adapters/dynamodb/idempotency-store.js';
import { DynamoSessionRepository } from '../../lambdas/adapters/dynamodb/session-repository.js';
import { EXPIRE_ACTION, IN_PROGRESS, RETENTION_ACTOR } from '../../lambdas/core/erasure/receipt.js';
import type { AuditLog } from '../../lambdas/ports/audit-log.js';
import type { ObjectStore } from '../../lambdas/ports/object-store.js';
import type { SessionKey, SessionRepository } from '../../lambdas/ports/session-repository.js';
import { eraseSession, type SessionEraserDeps } from '../../lambdas/use-cases/erase-session.js';
import { DeletionReceiptSchema, type DeletionReceipt } from '../../schemas/api.js';
import type { SessionStatus } from '../../schemas/session-record.js';
import type { AttuneHome } from './home.js';
import type { LocalPlan } from './template.js';

export { EXPIRE_ACTION, RETENTION_ACTOR };

export interface RetentionDeps extends SessionEraserDeps {
  sessions: Pick<SessionRepository, 'get' | 'delete'>;
  audit: Pick<AuditLog, 'record'>;
  /** The sessions whose `expiresAt` (epoch seconds) is before `nowSeconds`, by key. */
  findExpired(nowSeconds: number): AsyncIterable<SessionKey>;
  /** ATTUNE_HOME/receipts.ndjson: one receipt per line. */
  receiptsFile: string;
  newId: () => string;
  /** After the erasures: the local database is compacted so the erased text leaves its files. */
  afterErase?: () => Promise<void>;
}

export interface SweepResult {
  /** One per erased session, as appended to the receipts file. */
  receipts: DeletionReceipt[];
  /** Expired, but still being processed: erased by a later sweep. */
  skipped: (SessionKey & { status: SessionStatus })[];
  /** Expired, but the erasure failed (it is tried again by the next sweep); the error's name only. */
  failed: (SessionKey & { errorName: string })[];
}

/** An erasure whose compaction failed: the sessions are gone from the table, but their bytes may still be in its files. */
export class RetentionCompactionError extends Error {
  override readonly name = 'RetentionCompactionError';
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Erases every session whose `expiresAt` is before `now`, as the API's DELETE does, and answers a receipt
 * for each. Receipts are written only once the erased bytes are unreadable (after `afterErase`), as the
 * API answers its receipt only then; the audit entries say either way what happened.
 */
export async function sweepExpired(deps: RetentionDeps, now: Date): Promise<SweepResult> {
  const nowSeconds = epochSeconds(now);
  const result: SweepResult = { receipts: [], skipped: [], failed: [] };
  for await (const candidate of deps.findExpired(nowSeconds)) {
    const key = { tenantId: candidate.tenantId, sessionId: candidate.sessionId };
    try {
      // Read again, consistently: the session may have been erased, or uploaded again (a new expiresAt), since the Scan.
      const record = await deps.sessions.get(key);
      if (!record || record.expiresAt === undefined || record.expiresAt >= nowSeconds) continue;
      if (IN_PROGRESS.includes(record.status)) {
        result.skipped.push({ ...key, status: record.status });
        continue;
      }
      result.receipts.push(await eraseSession(deps, record, { receiptId: deps.newId(), requestedBy: RETENTION_ACTOR, deletedAt: now.toISOString() }));
    } catch (error) {
      result.failed.push({ ...key, errorName: error instanceof Error ? error.name : typeof error });
    }
  }
  if (result.receipts.length === 0) return result;

  let compaction: Error | null = null;
  try {
    await deps.afterErase?.();
  } catch (error) {
    compaction = error instanceof Error ? error : new Error('compaction failed');
  }
  for (const receipt of result.receipts) {
    await deps.audit.record({
      tenantId: receipt.tenantId,
      at: now.toISOString(),
      actor: RETENTION_ACTOR,
      roles: [],
      action: EXPIRE_ACTION,
      method: 'DELETE',
      route: 'retention',
      status: compaction ? 500 : 200,
      clientId: receipt.clientId,
      sessionId: receipt.sessionIds[0]!,
      ...(compaction ? {} : { receiptId: receipt.receiptId }),
      requestId: deps.newId(),
    });
  }
  if (compaction) {
    const sessions = result.receipts.map((r) => r.sessionIds[0]).join(', ');
    throw new RetentionCompactionError(
      `erased the expired sessions ${sessions}, but the local database could not be compacted (${compaction.name}): ` +
        'their text may remain in the files under ATTUNE_HOME/dynamodb until the next erasure; no receipts were written',
    );
  }
  // The schema keeps a receipt to its fields: ids, keys and counts, never content.
  const lines = result.receipts.map((receipt) => `${JSON.stringify(DeletionReceiptSchema.parse(receipt))}\n`).join('');
  await appendFile(deps.receiptsFile, lines, { mode: 0o600 });
  return result;
}

/** The expired session items of the table, by key: a filtered Scan that reads only their ids. */
export function scanExpiredSessions(documents: DynamoDBDocumentClient, tableName: string): RetentionDeps['findExpired'] {
  return async function* findExpired(nowSeconds) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await documents.send(
        new ScanCommand({
          TableName: tableName,
          // sk = SESSION: the session items, not the idempotency records and audit entries that also carry expiresAt.
          FilterExpression: '#sk = :session AND #expiresAt < :now',
          ProjectionExpression: '#tenantId, #sessionId',
          ExpressionAttributeNames: { '#sk': 'sk', '#expiresAt': 'expiresAt', '#tenantId': 'tenantId', '#sessionId': 'sessionId' },
          ExpressionAttributeValues: { ':session': 'SESSION', ':now': nowSeconds },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of output.Items ?? []) {
        if (typeof item.tenantId === 'string' && typeof item.sessionId === 'string') yield { tenantId: item.tenantId, sessionId: item.sessionId };
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
  };
}

/** What the sweep needs of the local runtime: its home, plan, object store and database client. */
export interface RetentionTarget {
  home: Pick<AttuneHome, 'root'>;
  plan: Pick<LocalPlan, 'table' | 'names'>;
  store: ObjectStore;
  documents: DynamoDBDocumentClient;
  /** The runtime's compaction (LocalDynamo.compact), as the API's erasure uses it. */
  afterErase?: () => Promise<void>;
}

/** The sweep's ports on the runtime's table, buckets and home. */
export function retentionDeps(target: RetentionTarget): RetentionDeps {
  const table = target.plan.table.name;
  return {
    sessions: new DynamoSessionRepository(target.documents, table),
    idempotency: new DynamoIdempotencyStore(target.documents, table),
    audit: new DynamoAuditLog(target.documents, table),
    objects: target.store,
    buckets: { uploads: target.plan.names.uploadsBucket, artifacts: target.plan.names.artifactsBucket },
    findExpired: scanExpiredSessions(target.documents, table),
    receiptsFile: join(target.home.root, 'receipts.ndjson'),
    newId: () => randomUUID(),
    ...(target.afterErase ? { afterErase: target.afterErase } : {}),
  };
}

export interface RetentionSweepOptions {
  /** The pause between sweeps; the first runs at once. */
  intervalMs: number;
  /** @default () => new Date() */
  now?: () => Date;
  /** Told of each sweep that erased, skipped or failed something. */
  onSweep?: (result: SweepResult) => void;
  /** Told when a sweep fails or a session could not be erased (ids only). @default a line on stderr */
  onWarning?: (message: string) => void;
}

/**
 * Sweeps now and then every `intervalMs`, one sweep at a time. Answers the stop function: it clears the
 * timer and settles once a sweep in progress has finished. The timer does not keep the process alive.
 */
export function startRetentionSweep(target: RetentionTarget, options: RetentionSweepOptions): () => Promise<void> {
  if (!Number.isInteger(options.intervalMs) || options.intervalMs < 1) {
    throw new RangeError(`the retention sweep's intervalMs must be a whole number of milliseconds, at least 1 (got ${options.intervalMs})`);
  }
  const deps = retentionDeps(target);
  const now = options.now ?? (() => new Date());
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`attune: ${message}\n`));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function sweep(): Promise<void> {
    try {
      const result = await sweepExpired(deps, now());
      for (const { tenantId, sessionId, errorName } of result.failed) {
        warn(`the retention sweep could not erase the expired session ${sessionId} of tenant ${tenantId} (${errorName}); the next sweep tries again`);
      }
      if (result.receipts.length + result.skipped.length + result.failed.length > 0) options.onSweep?.(result);
    } catch (error) {
      warn(
        error instanceof RetentionCompactionError
          ? error.message
          : `the retention sweep failed (${error instanceof Error ? error.name : 'error'}); the next sweep tries again`,
      );
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  }

  running = sweep().finally(schedule);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
