/**
 * Recovery at start. An execution lives only in the process that runs it: when the local runtime is killed
 * (SIGKILL, a crash, a power cut) mid-processing, no failure path runs, and its session would stay RECEIVED,
 * TRANSCRIBING or ANALYZING for good. At start no execution is live yet, so every session found in one of
 * those states was interrupted: each is marked FAILED with the reason `interrupted`, through MarkFailed's own
 * use case (lambdas/use-cases/mark-failed.ts), its recording is deleted (every version, as the failure path's
 * DeleteRawAudioOnFailure does), `attune.session.failed` is published, and it can then be uploaded again or
 * erased. The transcriber's scratch copies of recordings left in the work folder are removed too.
 *
 * Finding them is a Scan, as the retention sweep's is (local/runtime/retention.ts): locally the table holds
 * one machine's sessions, and the Scan reads only ids, the status filter and the upload's key, never content.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { DynamoSessionRepository } from '../../lambdas/adapters/dynamodb/session-repository.js';
import { IN_PROGRESS } from '../../lambdas/core/erasure/receipt.js';
import { UPLOAD_PREFIX } from '../../lambdas/core/upload/index.js';
import type { EventBus } from '../../lambdas/ports/event-bus.js';
import type { ObjectStore } from '../../lambdas/ports/object-store.js';
import { markSessionFailed } from '../../lambdas/use-cases/mark-failed.js';
import { IdSchema, type Failure } from '../../schemas/session-record.js';
import { FAILED_DETAIL_TYPE } from '../../schemas/workflow.js';
import { clearTranscriberScratch } from './home.js';
import type { LocalPlan } from './template.js';

/** The reason a session interrupted by the runtime's end is marked FAILED with: ids and advice, no content. */
export const INTERRUPTED_BY_RESTART: Failure = {
  code: 'interrupted',
  message: 'processing was interrupted because the local runtime stopped before it finished; the recording was deleted — run it again',
};

export interface RecoveryTarget {
  plan: Pick<LocalPlan, 'table' | 'names'>;
  store: Pick<ObjectStore, 'deleteAllVersions'>;
  documents: DynamoDBDocumentClient;
  bus: Pick<EventBus, 'publish'>;
  /** The transcriber's work folder (ATTUNE_HOME/work). */
  workDir: string;
}

export interface RecoveredSession {
  tenantId: string;
  clientId: string;
  sessionId: string;
}

const InterruptedSchema = z.object({
  tenantId: IdSchema,
  clientId: IdSchema,
  sessionId: IdSchema,
  executionId: z.string().optional().catch(undefined),
  upload: z.object({ key: z.string() }).optional().catch(undefined),
});
type Interrupted = z.infer<typeof InterruptedSchema>;

/** The session items still in processing, by a filtered Scan that reads ids, the execution and the upload's key only. */
async function* scanInterrupted(documents: DynamoDBDocumentClient, tableName: string): AsyncIterable<Interrupted> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: `#sk = :session AND #status IN (${IN_PROGRESS.map((_, i) => `:s${i}`).join(', ')})`,
        ProjectionExpression: '#tenantId, #clientId, #sessionId, #executionId, #upload.#key',
        ExpressionAttributeNames: {
          '#sk': 'sk',
          '#status': 'status',
          '#tenantId': 'tenantId',
          '#clientId': 'clientId',
          '#sessionId': 'sessionId',
          '#executionId': 'executionId',
          '#upload': 'upload',
          '#key': 'key',
        },
        ExpressionAttributeValues: { ':session': 'SESSION', ...Object.fromEntries(IN_PROGRESS.map((status, i) => [`:s${i}`, status])) },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of output.Items ?? []) {
      const parsed = InterruptedSchema.safeParse(item);
      if (parsed.success) yield parsed.data;
    }
    startKey = output.LastEvaluatedKey;
  } while (startKey);
}

/**
 * Marks FAILED every session a previous run of the runtime left in processing, deletes its recording and
 * publishes its failure. Call it at start, before any execution starts. Never throws: a session it cannot
 * recover is named (ids only) through `warn`, and stays as it was (erasable once past the workflow's time limit).
 */
export async function recoverInterruptedSessions(target: RecoveryTarget, warn: (message: string) => void): Promise<RecoveredSession[]> {
  const sessions = new DynamoSessionRepository(target.documents, target.plan.table.name);
  const recovered: RecoveredSession[] = [];
  try {
    for await (const found of scanInterrupted(target.documents, target.plan.table.name)) {
      const session = { tenantId: found.tenantId, clientId: found.clientId, sessionId: found.sessionId };
      try {
        // Only while the execution that wrote it still holds it (read again, consistently, after the Scan).
        const event = await markSessionFailed(
          { sessions },
          session,
          INTERRUPTED_BY_RESTART,
          found.executionId !== undefined ? { onlyIfUnfinishedBy: found.executionId } : {},
        );
        const key = found.upload?.key;
        if (key?.startsWith(UPLOAD_PREFIX)) await target.store.deleteAllVersions(target.plan.names.uploadsBucket, key);
        if (event) {
          await target.bus.publish(FAILED_DETAIL_TYPE, event);
          recovered.push(session);
        }
      } catch (error) {
        warn(
          `the session ${session.sessionId} of tenant ${session.tenantId} was left in processing by an earlier run and could not be marked failed (${error instanceof Error ? error.name : 'error'})`,
        );
      }
    }
  } catch (error) {
    warn(`sessions left in processing by an earlier run could not be looked for (${error instanceof Error ? error.name : 'error'})`);
  }
  // The transcriber's scratch files are copies of recordings, and no execution is running yet.
  clearTranscriberScratch(target.workDir);
  if (recovered.length > 0) warn(`marked ${recovered.length} session(s) failed that an earlier run left in processing (reason: interrupted)`);
  return recovered;
}
