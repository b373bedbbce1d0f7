/**
 * Marking a session failed: the reason is recorded for the uploader, and the `attune.session.failed`
 * detail to publish is answered. The workflow's MarkFailed state does it on every failure path (its
 * PublishFailed state publishes the detail); the local runtime does it for an execution stopped midway,
 * which runs no failure path (local/runtime/runtime.ts), and at start for sessions a crash left in
 * processing (local/runtime/recovery.ts), and publishes the detail itself. In AWS, an execution that timed
 * out, was stopped or failed outside its failure path reaches MarkFailed through an EventBridge rule
 * (lib/constructs/execution-failures.ts), which marks the session through {@link markStoppedExecutionFailed}.
 */
import type { Failure } from '../../schemas/session-record.js';
import type { SessionEventDetail } from '../../schemas/workflow.js';
import type { UnfinishedSessions } from '../ports/session-lifecycle.js';
import type { SessionRepository } from '../ports/session-repository.js';

export interface MarkFailedDeps {
  sessions: Pick<SessionRepository, 'fail' | 'get'>;
}

export interface FailedSession {
  tenantId: string;
  clientId: string;
  sessionId: string;
}

export interface MarkFailedOptions {
  /**
   * Mark it only when this execution owns the session and left it unfinished: a redelivered duplicate's
   * stop, or one after the session ended, changes nothing. Unset: mark whatever the session's state (the
   * repository never marks a COMPLETED session failed).
   */
  onlyIfUnfinishedBy?: string;
}

/**
 * Records the failure and answers the event detail to publish; null when there is nothing to tell
 * subscribers: the session had COMPLETED (a step crashed after PersistResults wrote it), or, with
 * `onlyIfUnfinishedBy`, it was not that execution's unfinished session.
 */
export async function markSessionFailed(
  deps: MarkFailedDeps,
  session: FailedSession,
  failure: Failure,
  options: MarkFailedOptions = {},
): Promise<SessionEventDetail | null> {
  const { tenantId, sessionId } = session;
  const key = { tenantId, sessionId };
  if (options.onlyIfUnfinishedBy !== undefined) {
    const record = await deps.sessions.get(key);
    if (!record || record.executionId !== options.onlyIfUnfinishedBy || record.status === 'COMPLETED' || record.status === 'FAILED') return null;
  }
  await deps.sessions.fail(key, failure);
  if ((await deps.sessions.get(key))?.status === 'COMPLETED') return null;
  return failedEventDetail(session, failure);
}

/**
 * Marks the session of an execution that ended without finishing it (timed out, stopped, or failed outside
 * its failure path): only while the session is still in processing by that very execution, in one
 * conditional write. Answers the detail to publish, or null when nothing changed: the session completed,
 * already failed with its own reason (the failure path ran), was erased, or belongs to a newer upload.
 */
export async function markStoppedExecutionFailed(
  deps: { sessions: UnfinishedSessions },
  session: FailedSession,
  failure: Failure,
  executionId: string,
): Promise<SessionEventDetail | null> {
  const marked = await deps.sessions.failUnfinished({ tenantId: session.tenantId, sessionId: session.sessionId }, failure, executionId);
  return marked ? failedEventDetail(session, failure) : null;
}

/** The `attune.session.failed` detail: ids and the failure's code, never its message. */
export function failedEventDetail(session: FailedSession, failure: Failure): SessionEventDetail {
  return { tenantId: session.tenantId, clientId: session.clientId, sessionId: session.sessionId, status: 'FAILED', failureCode: failure.code };
}
