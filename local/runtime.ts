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
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoClientDirectory } from '../lambdas/adapters/dynamodb/client-directory.js';
import { DynamoSessionRepository } from '../lambdas/adapters/dynamodb/session-repository.js';
import { parseUploadKey } from '../lambdas/validate-upload/validate.js';
import { loadPlan } from './definition.js';
import { LocalEventBus } from './event-bus.js';
import { Executions, type Execution, type ExecutionOutcome } from './executions.js';
import type { FileObjectStore } from './file-object-store.js';
import { buildHandlers, type LocalHandlers, type LocalTranscribe } from './handlers.js';
import { attuneHome, type AttuneHome } from './home.js';
import { claimHome, startDynamo, startObjectStore } from './stores.js';
import type { LocalPlan } from './template.js';
import { matchesPattern, objectCreatedEvent } from './upload-rule.js';
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
}

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
  /** Runs still in progress. */
  active(): SessionRun[];
  /** Stops: running executions are aborted (their sessions marked failed, their recordings deleted). */
  close(): Promise<void>;
}

const INTERRUPTED = {
  code: 'interrupted',
  message: 'processing was interrupted because the local runtime stopped; the recording was deleted — run it again',
};

async function defaultTranscriber(deps: TranscriberDeps): Promise<LocalTranscribe> {
  const { createLocalTranscribe } = await import('./transcriber/index.js');
  return createLocalTranscribe(deps);
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const env = options.env ?? process.env;
  // The SDK's notice that its 2027 releases will need Node 22 is for whoever upgrades the lockfile, not for
  // someone running a session; it would otherwise interrupt the progress on stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`attune: ${message}\n`));
  const home = attuneHome(env, options.cwd);
  const release = claimHome(home);
  const closers: (() => Promise<void> | void)[] = [release];
  try {
    const plan = await loadPlan({ cacheDir: home.cache, ...(options.onSynth ? { onSynth: options.onSynth } : {}) });
    mkdirSync(home.work, { recursive: true, mode: 0o700 });
    const dynamo = await startDynamo(home, plan);
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
    const handlers = await buildHandlers({ plan, store, documents: dynamo.documents, bus, transcribe, env, afterErase: () => dynamo.compact() });
    const webhookDelivery = attachWebhookDelivery(bus, handlers.deliverWebhooks, warn);
    closers.unshift(async () => {
      webhookDelivery();
      await webhookDelivery.idle();
    });
    executions = new Executions({ plan, tasks: handlers.tasks, resources: handlers.resources, ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}) });
    const sessions = new DynamoSessionRepository(dynamo.documents, plan.table.name);
    const clients = new DynamoClientDirectory(dynamo.documents, plan.table.name);

    const runs = new Map<string, SessionRun>();
    const started = new Map<string, SessionRun>();
    const runningExecutions = executions;

    /** The check after each execution: the version it was started for must be gone. */
    async function settle(execution: Execution, upload: SessionOutcome['upload']): Promise<SessionOutcome> {
      const outcome = await execution.done;
      const aborted = outcome.error?.Error === 'ExecutionAbortedError';
      // An execution stopped midway (Ctrl-C, shutdown) ran no failure path: record why, so a new upload can retry.
      if (aborted) {
        const layout = parseUploadKey(upload.key);
        if (layout.ok) await sessions.fail(layout.value, INTERRUPTED).catch(() => undefined);
      }
      let leftoverVersionsDeleted = 0;
      if (upload.versionId !== undefined) leftoverVersionsDeleted = await store.deleteVersion(upload.bucket, upload.key, upload.versionId);
      if (leftoverVersionsDeleted > 0 && !aborted) warn(`the workflow left the recording ${upload.key} behind; the runtime deleted it (execution ${outcome.name})`);
      runs.delete(execution.executionId);
      // The transcriber's scratch files are copies of recordings: none may outlive the executions.
      // (Not an upload still streaming in through the local presigned-URL endpoint: it has its own .upload-* file.)
      if (runs.size === 0) for (const entry of readdirSync(home.work)) if (!entry.startsWith('.upload-')) rmSync(join(home.work, entry), { recursive: true, force: true });
      return { ...outcome, upload, leftoverVersionsDeleted };
    }

    const unsubscribe = store.onObjectCreated((created) => {
      const event = objectCreatedEvent(created);
      if (!matchesPattern(plan.uploadRule.eventPattern as never, event)) return;
      const execution = runningExecutions.start(event);
      const upload = { bucket: created.bucket, key: created.key, ...(created.versionId ? { versionId: created.versionId } : {}) };
      const run: SessionRun = { execution, outcome: settle(execution, upload) };
      runs.set(execution.executionId, run);
      started.set(`${created.bucket}/${created.key}#${created.versionId ?? ''}`, run);
    });
    closers.unshift(unsubscribe);
    if (transcribe.close) closers.unshift(() => transcribe.close?.());

    const runtime: LocalRuntime = {
      home,
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
      active: () => [...runs.values()],
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
