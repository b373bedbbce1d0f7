/**
 * MarkFailed: the workflow's last line. Whatever went wrong, it records a reason the uploader can act on,
 * and answers with the upload's bucket and key so the failure path still deletes the recording. It never
 * throws: a malformed state or an unavailable table is logged, and the deletion goes ahead. Recording the
 * failure is the use case the local runtime shares (lambdas/use-cases/mark-failed.ts); reading the state and
 * wording the reason are this handler's.
 *
 * It is also the target of an EventBridge rule on the workflow's "Step Functions Execution Status Change"
 * events (FAILED, TIMED_OUT, ABORTED; lib/constructs/execution-failures.ts): an execution that timed out or
 * was stopped runs no failure path, and would leave its session in processing for good. From such an event
 * it reads the upload from the execution's input and marks the session FAILED only while that execution
 * still holds it in processing (one conditional write): after the failure path has run, or the session
 * completed, the event changes nothing (those paths deleted the recording and published already). When it
 * does mark the session, it then does what the failure path would have: deletes the recording, every
 * version and delete marker (the use case DeleteRawAudio runs, lambdas/use-cases/delete-raw-audio.ts), and
 * puts `attune.session.failed` (ids and the failure code) on the Attune bus, as PublishFailed does.
 */
import { z } from 'zod';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoSessionRepository } from '../adapters/dynamodb/session-repository.js';
import { EventBridgeEventBus } from '../adapters/eventbridge/event-bus.js';
import type { EventBus } from '../ports/event-bus.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { UnfinishedSessions } from '../ports/session-lifecycle.js';
import type { SessionRepository } from '../ports/session-repository.js';
import { deleteRawUpload } from '../use-cases/delete-raw-audio.js';
import { failedEventDetail, markSessionFailed, markStoppedExecutionFailed } from '../use-cases/mark-failed.js';
import type { Failure } from '../../schemas/session-record.js';
import {
  EXECUTION_STATUS_DETAIL_TYPE,
  FAILED_DETAIL_TYPE,
  STOPPED_EXECUTION_STATUSES,
  ValidationResultSchema,
  WORKFLOW_TIMEOUT_HOURS,
  type SessionEventDetail,
} from '../../schemas/workflow.js';
import { documentClient, objectStore, type HandlerClients } from '../shared/aws-clients.js';
import { ConfigurationError, functionConfig, type FunctionConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logError, logInfo, tracer } from '../shared/observability.js';
import { parseUploadKey } from '../core/upload/index.js';

export interface MarkFailedDeps {
  /**
   * The session items. Marking a stopped execution's session needs its conditional write (UnfinishedSessions:
   * DynamoDB, dynalite); a store without it logs such an event and changes nothing.
   */
  sessions: SessionRepository & Partial<UnfinishedSessions>;
  /**
   * What an execution status event needs once its session is marked: the failure path did not run, so this
   * handler deletes the recording and publishes the failure. A handler built without it (the workflow
   * state's tests) refuses such an event before writing anything; `wire` always gives it.
   */
  stopped?: StoppedExecutionDeps;
}

export interface StoppedExecutionDeps {
  /** The uploads bucket, where the recording is deleted from (and the only bucket it may be). */
  store: Pick<ObjectStore, 'deleteAllVersions' | 'deleteVersion'>;
  uploadsBucket: string;
  /** The Attune bus, where `attune.session.failed` goes. */
  events: Pick<EventBus, 'publish'>;
}

export interface MarkFailedResult {
  bucket: string;
  key: string;
  /**
   * For an upload ValidateUpload refused: its own version, the only one this path may delete (another
   * execution may own an earlier version of the same key). '' deletes every version (the execution's own).
   */
  onlyVersionId: string;
  /**
   * The `attune.session.failed` detail; absent when there is no session to tell subscribers about: an
   * upload with no readable ids, one whose session another execution owns, or a session already
   * COMPLETED (a step crashed after PersistResults wrote it).
   */
  event?: SessionEventDetail;
}

/** A parser's message is PHI-free by contract; the cap keeps a runaway one out of the table. */
const MAX_CAUSE_CHARS = 500;

export const FAILURE_MESSAGES = {
  transcriptionFailed: {
    code: 'transcription_failed',
    message: 'Amazon Transcribe could not transcribe the recording: check that it is a playable audio file',
  },
  transcriptionTimedOut: {
    code: 'transcription_timeout',
    message: 'Amazon Transcribe did not finish in time: upload the recording again, or split a very long session into shorter recordings',
  },
  transcriptionBusy: {
    code: 'transcription_busy',
    message: 'Amazon Transcribe stayed at its concurrent-job limit for about an hour: upload the recording again later, or ask for a higher quota',
  },
  invalidTranscript: { code: 'invalid_transcript', message: 'the transcript could not be read: give a .txt, .vtt, .srt or Amazon Transcribe .json file' },
  internal: { code: 'internal_error', message: 'processing failed; the recording was deleted — upload it again or contact support' },
  workflowTimedOut: {
    code: 'workflow_timeout',
    message: `processing did not finish within the workflow's ${WORKFLOW_TIMEOUT_HOURS}-hour limit: upload the recording again, or split a very long session into shorter recordings`,
  },
  workflowStopped: { code: 'workflow_stopped', message: 'processing was stopped before it finished: upload the recording again' },
  workflowFailed: { code: 'internal_error', message: 'processing failed: upload the recording again or contact support' },
} satisfies Record<string, Failure>;

/** The reason recorded for a session whose execution ended with this status outside its failure path. */
const STOPPED_FAILURES: Record<(typeof STOPPED_EXECUTION_STATUSES)[number], Failure> = {
  TIMED_OUT: FAILURE_MESSAGES.workflowTimedOut,
  ABORTED: FAILURE_MESSAGES.workflowStopped,
  FAILED: FAILURE_MESSAGES.workflowFailed,
};

/**
 * Step Functions' execution status event, as EventBridge delivers it to a rule's target. `detail.input` is
 * the execution's input as a JSON string (the S3 "Object Created" event that started it); EventBridge leaves
 * it out above 256 KB, which an S3 event never reaches.
 */
const ExecutionStatusChangeSchema = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal(EXECUTION_STATUS_DETAIL_TYPE),
  detail: z.object({
    executionArn: z.string().min(1),
    status: z.enum(STOPPED_EXECUTION_STATUSES),
    input: z.string().nullable().optional(),
  }),
});
type ExecutionStatusChange = z.infer<typeof ExecutionStatusChangeSchema>;

const ErrorSchema = z.object({ Error: z.string(), Cause: z.string().optional() });
const EventDetailSchema = z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) });
const EventVersionSchema = z.object({ object: z.object({ 'version-id': z.string().min(1).optional() }) });
/**
 * The state is the execution's whole payload: the S3 event as the execution received it (so its `detail`
 * is at the top), with `validation` and `error` added by the states before. An `event` wrapper is read too.
 */
const InputSchema = z.object({
  state: z
    .object({ detail: z.unknown().optional(), event: z.unknown().optional(), validation: z.unknown().optional(), error: z.unknown().optional() })
    .catch({}),
  executionId: z.string().optional().catch(undefined),
});

interface Located {
  bucket: string;
  key: string;
  ids: { tenantId?: string; clientId?: string; sessionId?: string };
}

/** Bucket, key and ids: from ValidateUpload's answer when there is one, else from the S3 event itself. */
function locate(state: { detail?: unknown; event?: unknown; validation?: unknown }): Located {
  const validation = ValidationResultSchema.safeParse(state.validation);
  if (validation.success) {
    const v = validation.data;
    if (v.valid) return { bucket: v.upload.bucket, key: v.upload.key, ids: v.upload };
    // ValidateUpload leaves the ids out on purpose when the session belongs to another execution.
    return { bucket: v.bucket, key: v.key, ids: { tenantId: v.tenantId, clientId: v.clientId, sessionId: v.sessionId } };
  }
  const detail = EventDetailSchema.safeParse(state.detail ?? (state.event as { detail?: unknown } | null | undefined)?.detail);
  if (!detail.success) return { bucket: '', key: '', ids: {} };
  const { bucket, object } = detail.data;
  const layout = parseUploadKey(object.key);
  return { bucket: bucket.name, key: object.key, ids: layout.ok ? layout.value : {} };
}

/**
 * What a Lambda task's Cause says: Step Functions wraps it as `{"errorMessage", "errorType", "trace"}`;
 * only the message is kept (the trace is code, not for users).
 */
function causeMessage(cause: string | undefined): string | null {
  if (!cause) return null;
  let message = cause;
  try {
    const parsed: unknown = JSON.parse(cause);
    const text = (parsed as { errorMessage?: unknown } | null)?.errorMessage;
    if (typeof text === 'string') message = text;
    else if (typeof parsed === 'object') return null;
  } catch {
    // A plain-text cause (from a Fail state): kept as it is.
  }
  message = message.trim();
  return message === '' ? null : message.slice(0, MAX_CAUSE_CHARS);
}

/** The user-facing reason for a workflow error. Only InvalidTranscript's cause is echoed: it is PHI-free by contract. */
export function failureForError(error: unknown): Failure {
  const parsed = ErrorSchema.safeParse(error);
  if (!parsed.success) return FAILURE_MESSAGES.internal;
  switch (parsed.data.Error) {
    case 'TranscriptionFailed':
      return FAILURE_MESSAGES.transcriptionFailed;
    case 'TranscriptionTimedOut':
      return FAILURE_MESSAGES.transcriptionTimedOut;
    case 'Transcribe.LimitExceededException':
      return FAILURE_MESSAGES.transcriptionBusy;
    case 'InvalidTranscript': {
      const message = causeMessage(parsed.data.Cause);
      return message ? { code: 'invalid_transcript', message } : FAILURE_MESSAGES.invalidTranscript;
    }
    default:
      return FAILURE_MESSAGES.internal;
  }
}

/** The execution's input, read back from the event's JSON string: null when it is absent or not JSON. */
function executionInput(input: string | null | undefined): { detail?: unknown } | null {
  if (!input) return null;
  try {
    const parsed: unknown = JSON.parse(input);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { detail?: unknown }) : null;
  } catch {
    return null;
  }
}

export function createMarkFailedHandler(deps: MarkFailedDeps) {
  const { sessions, stopped } = deps;

  /**
   * After marking a stopped execution's session: the recording's deletion and the failure event, each tried
   * whatever became of the other (as on the failure path). An error in either fails the invocation, so it
   * shows in the function's errors; a retry of the event finds the session FAILED already and changes
   * nothing, leaving a recording that could not be deleted to the uploads bucket's one-day lifecycle rule.
   */
  async function finishStopped(deps: StoppedExecutionDeps, located: Located, event: SessionEventDetail, logged: Record<string, string>): Promise<number> {
    let versionsDeleted = 0;
    let firstError: unknown = null;
    try {
      versionsDeleted = await deleteRawUpload({ store: deps.store, uploadsBucket: deps.uploadsBucket }, { bucket: located.bucket, key: located.key });
    } catch (error) {
      logError('recording of a stopped execution not deleted', error, logged);
      firstError = error;
    }
    try {
      await deps.events.publish(FAILED_DETAIL_TYPE, event);
    } catch (error) {
      logError('failure of a stopped execution not published', error, logged);
      firstError ??= error;
    }
    if (firstError !== null) throw firstError;
    return versionsDeleted;
  }

  /** An execution that ended without (or outside) its failure path: its session, if still in processing by it, is FAILED. */
  async function markStopped(change: ExecutionStatusChange): Promise<MarkFailedResult> {
    const { executionArn: executionId, status } = change.detail;
    const located = locate(executionInput(change.detail.input) ?? {});
    const { tenantId = '', clientId = '', sessionId = '' } = located.ids;
    const failure = STOPPED_FAILURES[status];
    let event: SessionEventDetail | null = null;
    let versionsDeleted = 0;
    if (tenantId && sessionId && sessions.failUnfinished) {
      // Never mark a session this handler could not then clean up after.
      if (!stopped) throw new ConfigurationError('MarkFailed was built without what an execution status event needs (stopped: store, bucket, bus)');
      try {
        event = await markStoppedExecutionFailed(
          { sessions: { failUnfinished: sessions.failUnfinished.bind(sessions) } },
          { tenantId, clientId, sessionId },
          failure,
          executionId,
        );
      } catch (error) {
        // EventBridge retries the event, then keeps it in the dead-letter queue; the log says which session.
        logError('stopped execution not recorded', error, { tenantId, clientId, sessionId, executionId, status });
        throw error;
      }
      if (event) versionsDeleted = await finishStopped(stopped, located, event, { tenantId, clientId, sessionId, executionId, status });
    }
    logInfo('execution stopped', {
      tenantId,
      clientId,
      sessionId,
      executionId,
      status,
      failureCode: failure.code,
      duplicate: event === null,
      versionsDeleted,
    });
    return { bucket: located.bucket, key: located.key, onlyVersionId: '', ...(event ? { event } : {}) };
  }

  return async function markFailed(input: unknown): Promise<MarkFailedResult> {
    const change = ExecutionStatusChangeSchema.safeParse(input);
    if (change.success) return markStopped(change.data);
    const { state, executionId } = InputSchema.catch({ state: {}, executionId: undefined }).parse(input);
    const located = locate(state);
    const validation = ValidationResultSchema.safeParse(state.validation);
    const failure = validation.success && !validation.data.valid ? validation.data.failure : failureForError(state.error);
    const { tenantId = '', clientId = '', sessionId = '' } = located.ids;
    const errorName = ErrorSchema.safeParse(state.error).data?.Error;

    let event: SessionEventDetail | null = null;
    if (tenantId && sessionId) {
      const session = { tenantId, clientId, sessionId };
      try {
        event = await markSessionFailed({ sessions }, session, failure);
      } catch (error) {
        // The recording's deletion matters more than the status record: log, and let the path go on.
        logError('failure not recorded', error, { tenantId, clientId, sessionId, executionId });
        event = failedEventDetail(session, failure);
      }
    }
    const refused = validation.success && !validation.data.valid;
    const onlyVersionId = refused
      ? (EventVersionSchema.safeParse(state.detail ?? (state.event as { detail?: unknown } | null | undefined)?.detail).data?.object['version-id'] ?? '')
      : '';
    logInfo('session failed', {
      tenantId,
      clientId,
      sessionId,
      executionId,
      failureCode: failure.code,
      errorName,
      duplicate: Boolean(tenantId && sessionId) && event === null,
    });
    return {
      bucket: located.bucket,
      key: located.key,
      onlyVersionId,
      ...(event ? { event } : {}),
    };
  };
}

/**
 * The function's dependencies from its configuration and clients: in AWS (below) and locally
 * (local/runtime/handlers.ts, where `events` is the local bus).
 */
export function wire(config: FunctionConfig<'MarkFailed'>, clients: Pick<HandlerClients, 'documents' | 'objects'> & { events: EventBus }): MarkFailedDeps {
  return {
    sessions: new DynamoSessionRepository(clients.documents, config.TABLE_NAME),
    stopped: { store: clients.objects, uploadsBucket: config.UPLOADS_BUCKET, events: clients.events },
  };
}

const config = functionConfig('MarkFailed');

export const handler = withObservability(
  createMarkFailedHandler(
    wire(config, {
      documents: documentClient(config.AWS_REGION),
      objects: objectStore(config),
      // Traced as the other SDK clients are (lambdas/shared/aws-clients.ts); built once per container.
      events: new EventBridgeEventBus(tracer.captureAWSv3Client(new EventBridgeClient({ region: config.AWS_REGION })), config.EVENT_BUS_NAME),
    }),
  ),
);
