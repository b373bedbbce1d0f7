/**
 * The workflow's Task states, served in-process: each Lambda function is its handler's
 * `createXHandler(deps)` factory with the real adapters pointed at the local stores, configured from the
 * function's own environment in the template; Transcribe's SDK tasks go to the local transcriber, and
 * `events:putEvents` to the local bus. A handler's error reaches the state machine as Lambda reports it
 * (`Error` = the error's name, `Cause` = `{"errorType","errorMessage","trace"}`), so Catch and MarkFailed
 * see what they see in AWS. NormalizeTranscript's analysis, the one step that computes for seconds, runs on
 * a worker thread (analysis-pool.ts) so the API served from this process keeps answering meanwhile.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, DynamoDBBatchResponse, DynamoDBStreamEvent, EventBridgeEvent } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LanguageModel } from '../../lambdas/ports/language-model.js';
import type { NoteTemplates } from '../../schemas/note-template.js';
import { functionConfig } from '../../lambdas/shared/config.js';
import type { BusEvent, LocalEventBus } from '../stand-ins/event-bus.js';
import type { FileObjectStore } from '../stand-ins/file-object-store.js';
import { LOCAL_REGION } from './home.js';
import { loopbackWebhooksAllowed } from './webhooks.js';
import type { LocalFunction, LocalPlan } from './template.js';

export type TaskHandler = (input: unknown) => Promise<unknown>;

/** The local transcriber (local/transcriber): Amazon Transcribe's three calls the workflow makes. */
export interface LocalTranscribe {
  startTranscriptionJob(params: Record<string, unknown>): Promise<unknown>;
  startMedicalTranscriptionJob(params: Record<string, unknown>): Promise<unknown>;
  /** Answers under `MedicalTranscriptionJob`; when absent, the standard call answers for it. */
  getMedicalTranscriptionJob?(params: Record<string, unknown>): Promise<unknown>;
  getTranscriptionJob(params: { TranscriptionJobName: string }): Promise<{
    TranscriptionJob: { TranscriptionJobName: string; TranscriptionJobStatus: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'; FailureReason?: string };
  }>;
  /** Settles when the job has finished (COMPLETED or FAILED). Optional. */
  whenFinished?(jobName: string): Promise<unknown>;
  /** Stops jobs still running (the runtime is closing). Optional. */
  close?(): Promise<void> | void;
}

/**
 * A local status call holds for up to one AWS poll interval, answering as soon as the job finishes. The
 * runtime shortens the Wait state itself, so without this hold the definition's wait limit (attempts ×
 * 30 s in AWS) would shrink to attempts × the local pause, and a long recording would time out locally.
 */
export const LOCAL_STATUS_HOLD_MS = 30_000;

export async function holdUntilFinished(transcribe: LocalTranscribe, jobName: string): Promise<void> {
  if (!transcribe.whenFinished) return;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, LOCAL_STATUS_HOLD_MS);
  });
  try {
    await Promise.race([
      transcribe.whenFinished(jobName).then(
        () => undefined,
        () => undefined,
      ),
      elapsed,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HandlerServices {
  plan: LocalPlan;
  store: FileObjectStore;
  documents: DynamoDBDocumentClient;
  bus: LocalEventBus;
  transcribe: LocalTranscribe;
  /**
   * Where ATTUNE_BEDROCK_MODEL_ID, AWS_REGION and THERAPIST_CHANNEL are read, and ATTUNE_MODEL_URL,
   * ATTUNE_MODEL_NAME, ATTUNE_MODEL_API_KEY and ATTUNE_MODEL_TIMEOUT_SECONDS (a self-hosted
   * OpenAI-compatible model server, docs/models.md).
   */
  env: NodeJS.ProcessEnv;
  /** After an API erasure: compacts the local database so erased text leaves its files. */
  afterErase?: () => Promise<void>;
  /**
   * Test and bench hook: the adapter GenerateNote and ScoreAlliance use for the model
   * ATTUNE_BEDROCK_MODEL_ID names, instead of a BedrockLanguageModel reaching AWS (a fault-injecting
   * fake, or the real adapter pointed at a stand-in). Consulted only when a model is configured: whether
   * the model path is taken stays the environment's decision, as in AWS. Null: the local engines. Not
   * consulted for ATTUNE_MODEL_URL: point that at a stand-in server instead.
   * @default undefined (Amazon Bedrock)
   */
  createLanguageModel?: (model: { modelId: string; region: string }) => LanguageModel | null;
  /**
   * The clinic's note templates from ATTUNE_NOTE_TEMPLATES or ATTUNE_HOME (local/runtime/note-templates.ts): they
   * replace any GenerateNote's environment carries from cdk.json, and their `default` picks the format.
   * @default the function's NOTE_TEMPLATES, if any
   */
  noteTemplates?: NoteTemplates | null;
}

export interface LocalHandlers {
  /** By Task state name, as aws-local-stepfunctions' `taskResourceLocalHandlers` wants them. */
  tasks: Record<string, TaskHandler>;
  /** Each Task state's Resource, by state name. */
  resources: Record<string, string>;
  api: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
  /** The DeliverWebhooks function, for the local bus (local/runtime/webhooks.ts). */
  deliverWebhooks: (event: BusEvent) => Promise<unknown>;
  /** The ExpireSessions function: what AWS runs on the table stream's TTL deletions (local/runtime/retention.ts runs its own sweep). */
  expireSessions: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
}

/** The variables the runtime's process sets for the whole of it (not per function). */
function processOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  const model = env.ATTUNE_BEDROCK_MODEL_ID?.trim();
  return {
    AWS_REGION: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? LOCAL_REGION,
    ...(model ? { BEDROCK_MODEL_ID: model } : {}),
    ...(env.THERAPIST_CHANNEL ? { THERAPIST_CHANNEL: env.THERAPIST_CHANNEL } : {}),
  };
}

/** A function's environment as the runtime runs it: the template's, with the process's overrides. */
function environmentOf(fn: LocalFunction, env: NodeJS.ProcessEnv): Record<string, string> {
  return { ...fn.environment, ...processOverrides(env) };
}

/**
 * Sets what the handler modules read at import (each exports a module-scope `handler` that validates its
 * environment), so importing them cannot fail. Call before the first handler module is imported.
 * Powertools logs are off unless POWERTOOLS_LOG_LEVEL says otherwise: the CLI's stdout is the report.
 */
export function prepareHandlerEnvironment(plan: LocalPlan, env: NodeJS.ProcessEnv = process.env): void {
  const merged: Record<string, string> = {};
  for (const fn of Object.values(plan.functions)) Object.assign(merged, fn.environment);
  Object.assign(merged, processOverrides(env));
  for (const [name, value] of Object.entries(merged)) process.env[name] = value;
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}

/** A plain JSON copy, as a payload crossing the Lambda boundary is. */
const overTheWire = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/** An error as Step Functions records a failed Lambda invocation. */
function lambdaError(error: unknown): Error {
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(JSON.stringify({ errorType, errorMessage, trace: [] }));
  wrapped.name = errorType;
  return wrapped;
}

/** An error as an `aws-sdk:<service>` task records it: `<Service>.<Exception>`. */
function sdkError(service: string, error: unknown): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const wrapped = new Error(error instanceof Error ? error.message : String(error));
  wrapped.name = name.includes('.') ? name : `${service}.${name}`;
  return wrapped;
}

function asLambda(fn: (input: unknown) => Promise<unknown>): TaskHandler {
  return async (input) => {
    try {
      return overTheWire(await fn(overTheWire(input)));
    } catch (error) {
      throw lambdaError(error);
    }
  };
}

type Factory = (fn: LocalFunction, services: HandlerServices) => Promise<(input: unknown) => Promise<unknown>>;

/**
 * The model GenerateNote and ScoreAlliance use. ATTUNE_MODEL_URL and ATTUNE_MODEL_NAME (a self-hosted
 * OpenAI-compatible server) win over a Bedrock id the template carries, as ATTUNE_BEDROCK_MODEL_ID does;
 * both variables set at once, or one half of the server's pair, stop the runtime at start-up.
 */
async function languageModel(modelId: string, region: string, services: HandlerServices): Promise<LanguageModel | null> {
  const { modelChoiceFromEnv } = await import('../../lambdas/adapters/language-model-from-env.js');
  const choice = modelChoiceFromEnv(services.env);
  if (choice?.provider === 'openai-compatible') return choice.model;
  if (modelId === 'local') return null;
  const create = services.createLanguageModel;
  if (create) return create({ modelId, region });
  const { BedrockLanguageModel } = await import('../../lambdas/adapters/bedrock/bedrock-language-model.js');
  return new BedrockLanguageModel({ modelId, region });
}

/** Each function's handler, built as its module scope builds it, with the local adapters instead. */
const FACTORIES: Record<string, Factory> = {
  async ValidateUpload(fn, { store, documents, env }) {
    const { createValidateUploadHandler, wire } = await import('../../lambdas/validate-upload/handler.js');
    return createValidateUploadHandler(wire(functionConfig('ValidateUpload', environmentOf(fn, env)), { objects: store, documents }));
  },
  async NormalizeTranscript(fn, { store, documents, env }) {
    const { createNormalizeTranscriptHandler, wire } = await import('../../lambdas/normalize-transcript/handler.js');
    const { analysisPool } = await import('./analysis-pool.js');
    // The analysis runs on a worker thread: the API, in this same process, keeps answering meanwhile.
    const deps = wire(functionConfig('NormalizeTranscript', environmentOf(fn, env)), { objects: store, documents });
    return createNormalizeTranscriptHandler({ ...deps, analyze: analysisPool().analyze });
  },
  async DeleteRawAudio(fn, { store, env }) {
    const { createDeleteRawAudioHandler, wire } = await import('../../lambdas/delete-raw-audio/handler.js');
    return createDeleteRawAudioHandler(wire(functionConfig('DeleteRawAudio', environmentOf(fn, env)), { objects: store }));
  },
  async MarkFailed(fn, { store, documents, bus, env }) {
    const { createMarkFailedHandler, wire } = await import('../../lambdas/mark-failed/handler.js');
    // The execution status path (delete the recording, publish the failure) is AWS's: locally recovery.ts does
    // it at start. The local stores and bus are given all the same, as wire() builds the function in AWS.
    return createMarkFailedHandler(wire(functionConfig('MarkFailed', environmentOf(fn, env)), { documents, objects: store, events: bus }));
  },
  async GenerateNote(fn, services) {
    const { store, env } = services;
    const { createGenerateNoteHandler, wire } = await import('../../lambdas/generate-note/handler.js');
    const config = functionConfig('GenerateNote', environmentOf(fn, env));
    const deps = wire(config, { objects: store, model: await languageModel(config.BEDROCK_MODEL_ID, config.AWS_REGION, services) });
    // The runtime's own templates replace the template's, and their default picks the format.
    const templates = services.noteTemplates;
    return createGenerateNoteHandler(templates ? { ...deps, templates, format: templates.default ?? deps.format } : deps);
  },
  async ScoreAlliance(fn, services) {
    const { store, env } = services;
    const { createScoreAllianceHandler, wire } = await import('../../lambdas/score-alliance/handler.js');
    const config = functionConfig('ScoreAlliance', environmentOf(fn, env));
    return createScoreAllianceHandler(wire(config, { objects: store, model: await languageModel(config.BEDROCK_MODEL_ID, config.AWS_REGION, services) }));
  },
  async PersistResults(fn, { store, documents, env }) {
    const { createPersistResultsHandler, wire } = await import('../../lambdas/persist-results/handler.js');
    return createPersistResultsHandler(wire(functionConfig('PersistResults', environmentOf(fn, env)), { objects: store, documents }));
  },
  async DeliverWebhooks(fn, { documents, env }) {
    const { createDeliverWebhooksHandler, wire } = await import('../../lambdas/deliver-webhooks/handler.js');
    const allowLoopback = loopbackWebhooksAllowed(env);
    const deliver = createDeliverWebhooksHandler(wire(functionConfig('DeliverWebhooks', environmentOf(fn, env)), { documents }, { allowLoopback }));
    return (event) => deliver(event as EventBridgeEvent<string, unknown>);
  },
  async ExpireSessions(fn, { store, documents, env }) {
    const { createExpireSessionsHandler, wire } = await import('../../lambdas/expire-sessions/handler.js');
    const expire = createExpireSessionsHandler(wire(functionConfig('ExpireSessions', environmentOf(fn, env)), { objects: store, documents }));
    return (event) => expire(event as DynamoDBStreamEvent);
  },
  async Api(fn, { store, documents, env, afterErase }) {
    const { createApiHandler, wire } = await import('../../lambdas/api/handler.js');
    // Locally a webhook receiver is usually a script on this machine.
    const deps = wire(functionConfig('Api', environmentOf(fn, env)), { objects: store, documents }, { allowLoopbackWebhooks: loopbackWebhooksAllowed(env) });
    const api = createApiHandler({ ...deps, ...(afterErase ? { afterErase } : {}) });
    return (event) => api(event as APIGatewayProxyEvent);
  },
};

interface TaskState {
  Type: string;
  Resource?: string;
  Branches?: { States: Record<string, TaskState> }[];
  ItemProcessor?: { States: Record<string, TaskState> };
  Iterator?: { States: Record<string, TaskState> };
}

/** Every Task state, in Parallel branches and Map processors too, by name. */
function taskStates(states: Record<string, TaskState>): [string, string][] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' && state.Resource ? [[name, state.Resource] as [string, string]] : []),
    ...(state.Branches ?? []).flatMap((branch) => taskStates(branch.States)),
    ...[state.ItemProcessor, state.Iterator].flatMap((inner) => (inner ? taskStates(inner.States) : [])),
  ]);
}

/** `getMedicalTranscriptionJob` answers under `MedicalTranscriptionJob`. */
async function medicalJob(transcribe: LocalTranscribe, params: Record<string, unknown>): Promise<unknown> {
  await holdUntilFinished(transcribe, String(params.MedicalTranscriptionJobName));
  if (transcribe.getMedicalTranscriptionJob) return transcribe.getMedicalTranscriptionJob(params);
  const answer = await transcribe.getTranscriptionJob({ TranscriptionJobName: String(params.MedicalTranscriptionJobName) });
  return { MedicalTranscriptionJob: answer.TranscriptionJob };
}

function serviceIntegration(resource: string, services: HandlerServices): TaskHandler | null {
  const { transcribe, bus } = services;
  if (resource === 'arn:aws:states:::events:putEvents') return (input) => bus.putEvents(input);
  const sdk = /^arn:aws:states:::aws-sdk:transcribe:(\w+)$/.exec(resource);
  if (!sdk) return null;
  const calls: Record<string, (params: Record<string, unknown>) => Promise<unknown>> = {
    startTranscriptionJob: (p) => transcribe.startTranscriptionJob(p),
    startMedicalTranscriptionJob: (p) => transcribe.startMedicalTranscriptionJob(p),
    getTranscriptionJob: async (p) => {
      await holdUntilFinished(transcribe, String(p.TranscriptionJobName));
      return transcribe.getTranscriptionJob({ TranscriptionJobName: String(p.TranscriptionJobName) });
    },
    getMedicalTranscriptionJob: (p) => medicalJob(transcribe, p),
  };
  const call = calls[sdk[1]!];
  if (!call) return null;
  return async (input) => {
    try {
      return overTheWire(await call((input ?? {}) as Record<string, unknown>));
    } catch (error) {
      throw sdkError('Transcribe', error);
    }
  };
}

/**
 * Builds a handler for every Task state of the plan's definition, and the API's. A Task whose resource
 * has no local stand-in stops the runtime at start-up rather than failing a session later.
 */
export async function buildHandlers(services: HandlerServices): Promise<LocalHandlers> {
  const { plan } = services;
  prepareHandlerEnvironment(plan, services.env);
  const byArn = new Map<string, TaskHandler>();
  for (const fn of Object.values(plan.functions)) {
    const factory = FACTORIES[fn.name];
    if (!factory) throw new Error(`the stack has a function ${fn.name} the local runtime does not know; add it to local/runtime/handlers.ts`);
    byArn.set(fn.arn, asLambda(await factory(fn, services)));
  }
  const tasks: Record<string, TaskHandler> = {};
  const resources: Record<string, string> = {};
  for (const [state, resource] of taskStates(plan.definition.States as unknown as Record<string, TaskState>)) {
    const handler = byArn.get(resource) ?? serviceIntegration(resource, services);
    if (!handler) throw new Error(`the workflow's ${state} state calls ${resource}, which has no local stand-in; add one to local/runtime/handlers.ts`);
    tasks[state] = handler;
    resources[state] = resource;
  }
  const apiFn = Object.values(plan.functions).find((fn) => fn.name === 'Api');
  if (!apiFn) throw new Error('the stack has no Api function');
  const api = await FACTORIES.Api!(apiFn, services);
  const deliverFn = Object.values(plan.functions).find((fn) => fn.name === 'DeliverWebhooks');
  if (!deliverFn) throw new Error('the stack has no DeliverWebhooks function');
  // Called directly, not as a Task: its errors reach local/runtime/webhooks.ts's retries as they are.
  const deliverWebhooks = await FACTORIES.DeliverWebhooks!(deliverFn, services);
  const expireFn = Object.values(plan.functions).find((fn) => fn.name === 'ExpireSessions');
  if (!expireFn) throw new Error('the stack has no ExpireSessions function');
  const expire = await FACTORIES.ExpireSessions!(expireFn, services);
  return {
    tasks,
    resources,
    api: async (event) => (await api(event)) as APIGatewayProxyResult,
    deliverWebhooks,
    expireSessions: async (event) => (await expire(event)) as DynamoDBBatchResponse,
  };
}
