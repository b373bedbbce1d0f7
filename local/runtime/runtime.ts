/**
 * The local runtime: Attune's AWS pipeline on one machine. It resolves the synthesized workflow
 * (definition.ts), starts the stand-ins (stores.ts: dynalite and the filesystem object store; the local
 * event bus; the local transcriber), wires the handlers (handlers.ts), and starts an execution for every
 * upload that matches the template's upload rule, as S3 → EventBridge → Step Functions do in AWS.
 *
 * After every execution the uploaded version is checked for: the workflow deletes the recording on
 * every path, and should it ever not, this check (the local counterpart of the uploads bucket's one-day
 * lifecycle rule) deletes it and says so.
 */
import { mkdirSync } from 'node:fs';
import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoClientDirectory } from '../../lambdas/adapters/dynamodb/client-directory.js';
import { DynamoSessionRepository } from '../../lambdas/adapters/dynamodb/session-repository.js';
import { parseUploadKey } from '../../lambdas/core/upload/index.js';
import { markSessionFailed } from '../../lambdas/use-cases/mark-failed.js';
import { FAILED_DETAIL_TYPE } from '../../schemas/workflow.js';
import { loadPlan } from './definition.js';
import { LocalEventBus } from '../stand-ins/event-bus.js';
import { Executions, type Execution, type ExecutionOutcome } from './executions.js';
import type { FileObjectStore } from '../stand-ins/file-object-store.js';
import { buildHandlers, type HandlerServices, type LocalHandlers, type LocalTranscribe, type TaskHandler } from './handlers.js';
import { attuneHome, clearTranscriberScratch, restrictUmask, type AttuneHome } from './home.js';
import { loadLocalNoteTemplates, type LocalNoteTemplates } from './note-templates.js';
import { claimHome, startDynamo, startObjectStore } from '../stand-ins/stores.js';
import type { LocalPlan } from './template.js';
import { matchesPattern, objectCreatedEvent } from '../stand-ins/upload-rule.js';
import { recoverInterruptedSessions } from './recovery.js';
import { startRetentionSweep } from './retention.js';
import { attachWebhookDelivery } from './webhooks.js';

export interface TranscriberDeps {
  store: FileObjectStore;
  uploadsBucket: string;
  workDir: string;
  therapistChannel?: 'left' | 'right';
  onProgress?: (jobName: string, fraction: number) => void;
}

export interface LocalRuntimeOptions {
  /** @default process.env (ATTUNE_HOME, ATTUNE_CACHE_DIR, ATTUNE_WEBHOOK_URL, ATTUNE_BEDROCK_MODEL_ID, THERAPIST_CHANNEL) */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Told when the workflow must be synthesized (a few seconds, once per change of the CDK code). */
  onSynth?: () => void;
  /** Problems that do not stop a session: a webhook that cannot be reached, a recording the check removed. */
  onWarning?: (message: string) => void;
  /** The transcript poll (AWS: 30 s). @default 200 */
  waitMs?: number;
  /** @default the local transcriber (local/transcriber) */
  createTranscribe?: (deps: TranscriberDeps) => LocalTranscribe | Promise<LocalTranscribe>;

  // Fault injection, for tests and benches only: each is unset on every production path (CLI, server).

  /** The model adapter when ATTUNE_BEDROCK_MODEL_ID is set (see HandlerServices). @default Amazon Bedrock */
  createLanguageModel?: HandlerServices['createLanguageModel'];
  /**
   * Wraps the DynamoDB client the workflow's functions and the API write through, e.g. to make one
   * conditional write lose a race. `runtime.sessions` and `runtime.clients` keep the unwrapped client.
   * @default undefined (the client as it is)
   */
  wrapDocuments?: (documents: DynamoDBDocumentClient) => DynamoDBDocumentClient;
  /**
   * Runs around every Task state, in place of it: `proceed()` runs the task. Throwing fails the task
   * with the error's name as Step Functions' `Error` (a crashed Lambda: `Runtime.ExitError`), so the
   * state's Retry and Catch apply; calling `execution.abort()` first stops the execution with neither,
   * as StopExecution or an execution timeout does.
   * @default undefined (tasks run as they are)
   */
  interceptTask?: TaskInterceptor;
}

/** One Task state's call, for {@link LocalRuntimeOptions.interceptTask}. */
export interface InterceptedTask {
  /** The Task state's name in the definition. */
  state: string;
  input: unknown;
}

export type TaskInterceptor = (task: InterceptedTask, proceed: () => Promise<unknown>) => Promise<unknown>;

/** An execution's outcome, and how many versions of its recording the workflow had left behind. */
export interface SessionOutcome extends ExecutionOutcome {
  upload: { bucket: string; key: string; versionId?: string };
  /** Versions the workflow left in the uploads bucket, deleted by the runtime's check: 0 when all is well. */
  leftoverVersionsDeleted: number;
}

export interface SessionRun {
  execution: Execution;
  outcome: Promise<SessionOutcome>;
}

export interface LocalRuntime {
  home: AttuneHome;
  /** The clinic's note templates GenerateNote applies (ATTUNE_NOTE_TEMPLATES, or note-templates.json in the home); null: none from a file. */
  noteTemplates: LocalNoteTemplates | null;
  plan: LocalPlan;
  store: FileObjectStore;
  sessions: DynamoSessionRepository;
  /** Which clinician each client belongs to (the API's access rules read it). */
  clients: DynamoClientDirectory;
  bus: LocalEventBus;
  handlers: LocalHandlers;
  /**
   * Puts an object as an uploader's PUT would (key, bytes or a file to copy, `x-amz-meta-*` metadata),
   * and answers the execution the upload rule started for it; null when no rule matched the object.
   */
  upload(key: string, source: { file: string } | { body: Uint8Array | string }, metadata: Record<string, string>): Promise<SessionRun | null>;
  /**
   * Delivers the "Object Created" event of an earlier run once more (same key, version and event id),
   * starting a second execution, as EventBridge's at-least-once delivery or a retried target may in AWS.
   */
  redeliver(run: Pick<SessionRun, 'execution'>): SessionRun;
  /** Runs still in progress. */
  active(): SessionRun[];
  /** Stops: running executions are aborted (their sessions marked failed, their recordings deleted). */
  close(): Promise<void>;
}

const INTERRUPTED = {
  code: 'interrupted',
  message: 'processing was interrupted because the local runtime stopped; the recording was deleted — run it again',
};

interface TrackedRun extends SessionRun {
  upload: SessionOutcome['upload'];
}

const sameVersion = (a: SessionOutcome['upload'], b: SessionOutcome['upload']): boolean =>
  a.bucket === b.bucket && a.key === b.key && a.versionId === b.versionId;

/** The Task handlers, each run through the interceptor. */
function intercepted(tasks: Record<string, TaskHandler>, intercept: TaskInterceptor): Record<string, TaskHandler> {
  return Object.fromEntries(Object.entries(tasks).map(([state, handler]) => [state, (input: unknown) => intercept({ state, input }, () => handler(input))]));
}

/**
 * DynamoDB answers a write whose condition failed with the item as it stood, when the write asks for it
 * (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`); dynalite 4 ignores the parameter. The session
 * repository reads that item to tell "another execution got there first" (a duplicate, no error) from
 * "no such session", so without it every lost race failed its session locally. The old item is read
 * back, consistently, right after the refusal: what DynamoDB returns, give or take a concurrent write.
 */
function answerFailedConditionsWithTheItem(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const input = args.input as { TableName?: string; Key?: Record<string, AttributeValue>; ReturnValuesOnConditionCheckFailure?: string };
        const refused = error as { name?: string; Item?: Record<string, AttributeValue> };
        if (refused.name === 'ConditionalCheckFailedException' && input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && input.Key && !refused.Item) {
          const { Item } = await client.send(new GetItemCommand({ TableName: input.TableName, Key: input.Key, ConsistentRead: true }));
          if (Item) refused.Item = Item;
        }
        throw error;
      }
    },
    // After serialisation, where a document client's command input has been marshalled to attribute values.
    { step: 'build', priority: 'high', name: 'localConditionFailureItem' },
  );
}

async function defaultTranscriber(deps: TranscriberDeps): Promise<LocalTranscribe> {
  const { createLocalTranscribe } = await import('../stand-ins/transcriber/index.js');
  return createLocalTranscribe(deps);
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const env = options.env ?? process.env;
  // The SDK's notice that its 2027 releases will need Node 22 is for whoever upgrades the lockfile, not for
  // someone running a session; it would otherwise interrupt the progress on stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`attune: ${message}\n`));
  const home = attuneHome(env, options.cwd);
  // Before anything starts: a bad templates file stops the runtime with the file and each problem named.
  const noteTemplates = loadLocalNoteTemplates(env, home.root, options.cwd);
  // Everything this process creates from here on (LevelDB's files above all) is the user's alone (home.ts).
  restrictUmask();
  const release = claimHome(home);
  const closers: (() => Promise<void> | void)[] = [release];
  try {
    const plan = await loadPlan({ cacheDir: home.cache, ...(options.onSynth ? { onSynth: options.onSynth } : {}) });
    mkdirSync(home.work, { recursive: true, mode: 0o700 });
    const dynamo = await startDynamo(home, plan);
    answerFailedConditionsWithTheItem(dynamo.client);
    closers.unshift(() => dynamo.close());
    const store = await startObjectStore(home, plan);
    const bus = new LocalEventBus({
      busName: plan.names.eventBus,
      file: home.events,
      ...(env.ATTUNE_WEBHOOK_URL ? { webhookUrl: env.ATTUNE_WEBHOOK_URL } : {}),
      onDeliveryError: warn,
    });
    closers.unshift(() => bus.flush());

    let executions: Executions | undefined;
    const therapistChannel = env.THERAPIST_CHANNEL === 'right' ? 'right' : env.THERAPIST_CHANNEL === 'left' ? 'left' : undefined;
    const transcribe = await (options.createTranscribe ?? defaultTranscriber)({
      store,
      uploadsBucket: plan.names.uploadsBucket,
      workDir: home.work,
      ...(therapistChannel ? { therapistChannel } : {}),
      onProgress: (jobName, fraction) => executions?.transcriptionProgress(jobName, fraction),
    });
    const handlers = await buildHandlers({
      plan,
      store,
      documents: options.wrapDocuments ? options.wrapDocuments(dynamo.documents) : dynamo.documents,
      bus,
      transcribe,
      env,
      afterErase: () => dynamo.compact(),
      ...(options.createLanguageModel ? { createLanguageModel: options.createLanguageModel } : {}),
      ...(noteTemplates ? { noteTemplates: noteTemplates.templates } : {}),
    });
    const webhookDelivery = attachWebhookDelivery(bus, handlers.deliverWebhooks, warn);
    closers.unshift(async () => {
      webhookDelivery();
      await webhookDelivery.idle();
    });
    const tasks = options.interceptTask ? intercepted(handlers.tasks, options.interceptTask) : handlers.tasks;
    executions = new Executions({ plan, tasks, resources: handlers.resources, ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}) });
    await recoverInterruptedSessions({ plan, store, documents: dynamo.documents, bus, workDir: home.work }, warn);
    // dynalite has no TTL: the sweep erases expired sessions, as the table's TTL and the artifacts lifecycle rule do in AWS.
    closers.unshift(
      startRetentionSweep(
        { home, plan, store, documents: dynamo.documents, afterErase: () => dynamo.compact() },
        { intervalMs: 60 * 60 * 1000, onWarning: warn },
      ),
    );
    const sessions = new DynamoSessionRepository(dynamo.documents, plan.table.name);
    const clients = new DynamoClientDirectory(dynamo.documents, plan.table.name);

    /** Runs in progress, with the upload each was started for. */
    const runs = new Map<string, TrackedRun>();
    const started = new Map<string, SessionRun>();
    const runningExecutions = executions;

    /**
     * An execution stopped midway (Ctrl-C, shutdown) ran no failure path: record why and tell subscribers,
     * through MarkFailed's own use case (lambdas/use-cases/mark-failed.ts) and as PublishFailed would, so
     * a new upload can retry. Only for a session that execution
     * owns and left unfinished: a redelivered duplicate's stop, or one after the session ended, changes nothing.
     */
    async function markInterrupted(executionId: string, key: string): Promise<void> {
      const layout = parseUploadKey(key);
      if (!layout.ok) return;
      try {
        const event = await markSessionFailed({ sessions }, layout.value, INTERRUPTED, { onlyIfUnfinishedBy: executionId });
        if (event) await bus.publish(FAILED_DETAIL_TYPE, event);
      } catch {
        // Best effort: the table may be closing with the runtime; the recording is deleted all the same.
      }
    }

    /** The check after each execution: the version it was started for must be gone. */
    async function settle(execution: Execution, upload: SessionOutcome['upload']): Promise<SessionOutcome> {
      const outcome = await execution.done;
      const aborted = outcome.error?.Error === 'ExecutionAbortedError';
      if (aborted) await markInterrupted(execution.executionId, upload.key);
      runs.delete(execution.executionId);
      // A redelivered event's execution ends while the first one still works on the version: that one owns it.
      const owned = [...runs.values()].some((other) => sameVersion(other.upload, upload));
      let leftoverVersionsDeleted = 0;
      if (upload.versionId !== undefined && !owned) leftoverVersionsDeleted = await store.deleteVersion(upload.bucket, upload.key, upload.versionId);
      if (leftoverVersionsDeleted > 0 && !aborted)
        warn(`the workflow left the recording ${upload.key} behind; the runtime deleted it (execution ${outcome.name})`);
      // The transcriber's scratch files are copies of recordings: none may outlive the executions.
      if (runs.size === 0) clearTranscriberScratch(home.work);
      return { ...outcome, upload, leftoverVersionsDeleted };
    }

    function startRun(event: Record<string, unknown>, upload: SessionOutcome['upload']): SessionRun {
      const execution = runningExecutions.start(event);
      const run: TrackedRun = { execution, upload, outcome: settle(execution, upload) };
      runs.set(execution.executionId, run);
      return run;
    }

    const unsubscribe = store.onObjectCreated((created) => {
      const event = objectCreatedEvent(created);
      if (!matchesPattern(plan.uploadRule.eventPattern as never, event)) return;
      const upload = { bucket: created.bucket, key: created.key, ...(created.versionId ? { versionId: created.versionId } : {}) };
      started.set(`${created.bucket}/${created.key}#${created.versionId ?? ''}`, startRun(event, upload));
    });
    closers.unshift(unsubscribe);
    if (transcribe.close) closers.unshift(() => transcribe.close?.());

    const runtime: LocalRuntime = {
      home,
      noteTemplates,
      plan,
      store,
      sessions,
      clients,
      bus,
      handlers,
      async upload(key, source, metadata) {
        const { versionId } = await store.put(plan.names.uploadsBucket, key, source, { metadata });
        const id = `${plan.names.uploadsBucket}/${key}#${versionId ?? ''}`;
        const run = started.get(id) ?? null;
        started.delete(id);
        return run;
      },
      redeliver({ execution }) {
        const event = structuredClone(execution.input) as Record<string, unknown>;
        const { detail } = event as { detail?: { bucket?: { name?: string }; object?: { key?: string; 'version-id'?: string } } };
        if (!detail?.bucket?.name || !detail.object?.key) throw new Error('only an execution started by an "Object Created" event can be redelivered');
        const versionId = detail.object['version-id'];
        return startRun(event, { bucket: detail.bucket.name, key: detail.object.key, ...(versionId ? { versionId } : {}) });
      },
      active: () => [...runs.values()].map(({ execution, outcome }) => ({ execution, outcome })),
      async close() {
        const stopping = [...runs.values()];
        for (const run of stopping) run.execution.abort();
        await Promise.allSettled(stopping.map((run) => run.outcome));
        for (const close of closers) await close();
      },
    };
    return runtime;
  } catch (error) {
    for (const close of closers) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
}
