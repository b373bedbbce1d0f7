/**
 * Faults, on the real local stack (the synthesized workflow, dynalite, the filesystem object store, the
 * local bus) with fault-injecting adapters in place of the services that fail in AWS: Amazon Transcribe
 * (fake-transcribe.ts), Amazon Bedrock (the real adapter and SDK client against fake-bedrock.ts), the
 * DynamoDB client (faulty-table.ts) and the Lambda invocations themselves (the runtime's interceptTask).
 *
 * For each fault, what a user would notice is checked: how the session ended and why, that there is
 * exactly one session record, exactly one completed or failed event for it (none duplicated, none
 * missing), and that no recording is left in the uploads bucket or the runtime's work directory.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime, type SessionOutcome, type SessionRun, type TaskInterceptor } from '../../local/runtime/runtime.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { startFakeBedrock, type BedrockScript, type FakeBedrock } from './faults/fake-bedrock.js';
import { FaultyTranscribe, silentWav } from './faults/fake-transcribe.js';
import { completesSession, FaultyTable, movesToAnalyzing } from './faults/faulty-table.js';
import { BOOT_TIMEOUT_MS, CONSENT, filesUnder, localEnv, recordedEvents, root, tempHome } from './local-stack.js';

const MODEL_ID = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const TENANT = 'acme';
const SESSIONS = join(root, 'tests', 'fixtures', 'sessions');
const GOOD_ANSWERS: BedrockScript = { note: ['answer'], alliance: ['answer'] };

/** A Lambda whose runtime died (out of memory, killed), as Step Functions reports it. */
function lambdaCrash(): Error {
  const error = new Error(JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: 'RequestId: 5f1c Error: Runtime exited with error: signal: killed' }));
  error.name = 'Runtime.ExitError';
  return error;
}

/** Lambda answered the invocation with a service error, whatever the function did (it may have run). */
function lambdaServiceError(): Error {
  const error = new Error('Lambda was unable to return the function response (Service: Lambda, Status Code: 500)');
  error.name = 'Lambda.ServiceException';
  return error;
}

describe('faults on the local stack', () => {
  const home = tempHome();
  const warnings: string[] = [];
  const table = new FaultyTable();
  let bedrock: FakeBedrock;
  let transcribe: FaultyTranscribe | undefined;
  let runtime: LocalRuntime;
  /** This test's interceptor around the Task states, if any. */
  let intercept: TaskInterceptor | undefined;

  beforeAll(async () => {
    bedrock = await startFakeBedrock();
    runtime = await startLocalRuntime({
      // The model path is taken, as in AWS when a model id is configured; the fake stands in for Bedrock.
      env: localEnv(home.dir, { ATTUNE_BEDROCK_MODEL_ID: MODEL_ID }),
      onWarning: (message) => warnings.push(message),
      // The Wait state of the transcript poll: 30 s in AWS. The wait loop's attempt count is the definition's.
      waitMs: 1,
      createTranscribe: (deps) => (transcribe = new FaultyTranscribe(deps)),
      createLanguageModel: (model) => bedrock.model(model),
      wrapDocuments: (documents) => table.wrap(documents),
      interceptTask: (task, proceed) => (intercept ? intercept(task, proceed) : proceed()),
    });
  }, BOOT_TIMEOUT_MS);

  afterEach(async () => {
    intercept = undefined;
    table.reset();
    bedrock.script(GOOD_ANSWERS);
    await bedrock.up();
  });

  afterAll(async () => {
    await runtime?.close();
    await bedrock?.close();
    home.cleanup();
  });

  const uploadsDir = () => runtime.store.bucketDir(runtime.plan.names.uploadsBucket);
  const faultyTranscribe = (): FaultyTranscribe => {
    if (!transcribe) throw new Error('the runtime did not build the fake Transcribe');
    return transcribe;
  };

  async function start(clientId: string, sessionId: string, source: { fixture: string } | { wav: Uint8Array }): Promise<SessionRun> {
    const key = `uploads/${TENANT}/${clientId}/${sessionId}.${'wav' in source ? 'wav' : 'txt'}`;
    const body = 'wav' in source ? { body: source.wav } : { file: join(SESSIONS, source.fixture) };
    const run = await runtime.upload(key, body, { ...CONSENT, 'session-date': '2026-09-15' });
    if (!run) throw new Error(`no execution started for ${key}`);
    return run;
  }

  /** What the fault left: the one record, the events about the session, and any recording anywhere. */
  async function aftermath(clientId: string, sessionId: string) {
    await runtime.bus.flush();
    const listing = await runtime.sessions.listByClient(TENANT, clientId, { limit: 10 });
    const events = recordedEvents(home.dir).filter((event) => event.detail.sessionId === sessionId);
    return {
      records: listing.items.map((record) => ({ sessionId: record.sessionId, status: record.status })),
      record: (await runtime.sessions.get({ tenantId: TENANT, sessionId })) as SessionRecord,
      completedEvents: events.filter((event) => event['detail-type'] === 'attune.session.completed'),
      failedEvents: events.filter((event) => event['detail-type'] === 'attune.session.failed'),
      uploadsLeft: filesUnder(uploadsDir()),
      scratchLeft: filesUnder(runtime.home.work),
    };
  }

  describe('Amazon Transcribe', () => {
    it('fails the session with transcription_failed when the job ends FAILED, and deletes the recording and its copies', async () => {
      // Prepare
      faultyTranscribe().plan(`uploads/${TENANT}/tx-failed/s-1.wav`, {
        kind: 'fail',
        reason: 'The media format provided does not match the detected media format.',
      });

      // Act
      const outcome = await (await start('tx-failed', 's-1', { wav: silentWav() })).outcome;

      // Assess
      const after = await aftermath('tx-failed', 's-1');
      expect(outcome.path).toContain('TranscriptionFailed');
      expect(outcome.transcriptionFailure).toBe('The media format provided does not match the detected media format.');
      expect(after.records).toEqual([{ sessionId: 's-1', status: 'FAILED' }]);
      expect(after.record.failure?.code).toBe('transcription_failed');
      expect(after.failedEvents.map((event) => event.detail)).toEqual([expect.objectContaining({ status: 'FAILED', failureCode: 'transcription_failed' })]);
      expect(after.completedEvents).toEqual([]);
      expect(after.uploadsLeft).toEqual([]);
      expect(after.scratchLeft).toEqual([]);
      expect(outcome.leftoverVersionsDeleted).toBe(0);
    });

    it('fails the session with transcription_timeout after the definition’s last poll when the job never finishes', async () => {
      // Prepare: the definition allows 120 minutes at one poll every 30 s; locally each Wait lasts 1 ms,
      // so the real attempt limit is reached in about a second.
      faultyTranscribe().plan(`uploads/${TENANT}/tx-stuck/s-2.wav`, { kind: 'never' });

      // Act
      const outcome = await (await start('tx-stuck', 's-2', { wav: silentWav() })).outcome;

      // Assess
      const after = await aftermath('tx-stuck', 's-2');
      expect(outcome.path).toContain('TranscriptionTimedOut');
      expect(outcome.path.filter((state) => state === 'GetTranscriptionJob')).toHaveLength(240);
      expect(after.records).toEqual([{ sessionId: 's-2', status: 'FAILED' }]);
      expect(after.record.failure?.code).toBe('transcription_timeout');
      expect(after.failedEvents.map((event) => event.detail.failureCode)).toEqual(['transcription_timeout']);
      expect(after.uploadsLeft).toEqual([]);
      // The stuck job never let go of its copy of the recording: the runtime's check removed it.
      expect(after.scratchLeft).toEqual([]);
    });
  });

  describe('Amazon Bedrock', () => {
    it('keeps the model’s note and scores when Bedrock throttles twice and then answers', async () => {
      // Prepare
      bedrock.script({ note: ['throttle', 'throttle', 'answer'], alliance: ['throttle', 'throttle', 'answer'] });

      // Act
      const outcome = await (await start('bedrock-busy', 's-3', { fixture: 'good-alliance.txt' })).outcome;

      // Assess
      const after = await aftermath('bedrock-busy', 's-3');
      expect(outcome.status).toBe('SUCCEEDED');
      expect(bedrock.replies).toEqual({ note: ['throttle', 'throttle', 'answer'], alliance: ['throttle', 'throttle', 'answer'] });
      expect(after.records).toEqual([{ sessionId: 's-3', status: 'COMPLETED' }]);
      expect(after.record.note?.provenance).toMatchObject({ engine: 'bedrock', modelId: MODEL_ID, status: 'ok' });
      expect(after.record.provenance).toMatchObject({ engine: 'bedrock', modelId: MODEL_ID, status: 'ok' });
      expect(after.record.note?.provenance.degradedReason).toBeUndefined();
      expect(after.completedEvents).toHaveLength(1);
      expect(after.failedEvents).toEqual([]);
      expect(after.uploadsLeft).toEqual([]);
    });

    it('falls back to the local engines, marked degraded, when every answer is malformed JSON', async () => {
      // Prepare
      bedrock.script({ note: ['malformed'], alliance: ['malformed'] });

      // Act
      const outcome = await (await start('bedrock-garbled', 's-4', { fixture: 'good-alliance.txt' })).outcome;

      // Assess
      const after = await aftermath('bedrock-garbled', 's-4');
      expect(outcome.status).toBe('SUCCEEDED');
      expect(bedrock.replies).toEqual({ note: ['malformed', 'malformed', 'malformed'], alliance: ['malformed', 'malformed', 'malformed'] });
      expect(after.records).toEqual([{ sessionId: 's-4', status: 'COMPLETED' }]);
      const degraded = { engine: 'local', status: 'degraded', degradedReason: 'bedrock: malformed answer on 3 attempts; local engine used' };
      expect(after.record.note?.provenance).toMatchObject(degraded);
      expect(after.record.provenance).toMatchObject(degraded);
      expect(after.record.note?.sections.length).toBeGreaterThan(0);
      expect(after.record.alliance?.overall.score).toEqual(expect.any(Number));
      expect(after.completedEvents).toHaveLength(1);
      expect(after.uploadsLeft).toEqual([]);
    });

    it.each([
      { fault: 'cannot be reached (connection refused)', code: 'model_network', breakBedrock: () => bedrock.down(), calls: [] as string[] },
      {
        fault: 'denies access to the model',
        code: 'model_access_denied',
        breakBedrock: async () => bedrock.script({ note: ['deny'], alliance: ['deny'] }),
        calls: ['deny'],
      },
    ])('falls back at once, marked degraded, when Bedrock $fault', async ({ code, breakBedrock, calls }) => {
      // Prepare
      await breakBedrock();
      const sessionId = `s-down-${code}`.replaceAll('_', '-');

      // Act
      const outcome = await (await start('bedrock-down', sessionId, { fixture: 'rupture-repaired.txt' })).outcome;

      // Assess
      const after = await aftermath('bedrock-down', sessionId);
      expect(outcome.status).toBe('SUCCEEDED');
      // No retry: the same request would fail the same way.
      expect(bedrock.replies).toEqual({ note: calls, alliance: calls });
      expect(after.record.status).toBe('COMPLETED');
      const degraded = { engine: 'local', status: 'degraded', degradedReason: `bedrock: unavailable (${code}); local engine used` };
      expect(after.record.note?.provenance).toMatchObject(degraded);
      expect(after.record.provenance).toMatchObject(degraded);
      expect(after.completedEvents).toHaveLength(1);
      expect(after.failedEvents).toEqual([]);
      expect(after.uploadsLeft).toEqual([]);
    });
  });

  describe('DynamoDB', () => {
    it('completes the session once when another execution’s completion wins the conditional write', async () => {
      // Prepare
      const rival = `arn:aws:states:us-east-1:000000000000:execution:${runtime.plan.stateMachineName}:rival`;
      table.loseRaceTo(completesSession, rival);

      // Act
      const outcome = await (await start('race-complete', 's-5', { fixture: 'good-alliance.txt' })).outcome;

      // Assess
      const after = await aftermath('race-complete', 's-5');
      expect(table.fired).toBe(1);
      expect(outcome.status).toBe('SUCCEEDED');
      expect(outcome.path).toContain('AlreadyProcessed');
      expect(outcome.path).not.toContain('PublishCompleted');
      expect(after.records).toEqual([{ sessionId: 's-5', status: 'COMPLETED' }]);
      expect(after.record.executionId).toBe(rival);
      // The winner publishes its own completion; this execution adds none.
      expect(after.completedEvents).toEqual([]);
      expect(after.failedEvents).toEqual([]);
      expect(after.uploadsLeft).toEqual([]);
    });

    it('publishes the completion once when PersistResults is retried after its write went through', async () => {
      // Prepare: the write commits, then the invocation is reported failed; Step Functions retries it.
      let failed = false;
      intercept = async ({ state }, proceed) => {
        const result = await proceed();
        if (state === 'PersistResults' && !failed) {
          failed = true;
          throw lambdaServiceError();
        }
        return result;
      };

      // Act
      const outcome = await (await start('retry-complete', 's-6', { fixture: 'good-alliance.txt' })).outcome;

      // Assess
      const after = await aftermath('retry-complete', 's-6');
      expect(failed).toBe(true);
      expect(outcome.status).toBe('SUCCEEDED');
      expect(outcome.path).toContain('PublishCompleted');
      expect(after.records).toEqual([{ sessionId: 's-6', status: 'COMPLETED' }]);
      expect(after.record.executionId).toBe(outcome.executionId);
      expect(after.completedEvents).toHaveLength(1);
      expect(after.failedEvents).toEqual([]);
      expect(after.uploadsLeft).toEqual([]);
    });

    it('fails the session with a reason when DynamoDB throttles a status write beyond the SDK’s retries', async () => {
      // Prepare
      table.throttle(movesToAnalyzing);

      // Act
      const outcome = await (await start('throttled', 's-7', { fixture: 'good-alliance.txt' })).outcome;

      // Assess
      const after = await aftermath('throttled', 's-7');
      expect(table.fired).toBe(1);
      expect(outcome.status).toBe('FAILED');
      expect(after.records).toEqual([{ sessionId: 's-7', status: 'FAILED' }]);
      expect(after.record.failure?.code).toBe('internal_error');
      expect(after.failedEvents.map((event) => event.detail.failureCode)).toEqual(['internal_error']);
      expect(after.completedEvents).toEqual([]);
      expect(after.uploadsLeft).toEqual([]);
    });

    it('answers a redelivered event with a duplicate that leaves the first execution’s recording alone', async () => {
      // Prepare: hold the first execution at its first transcript poll until the redelivery has run.
      const key = `uploads/${TENANT}/redelivered/s-8.wav`;
      let release!: () => void;
      const redeliveryDone = new Promise<void>((resolve) => (release = resolve));
      let recordingWhenDuplicateEnded: string[] = [];
      // The redelivery starts only once the first execution owns the session (it is polling Transcribe), so
      // the two never race for createReceived however loaded the machine is.
      let atFirstPoll!: () => void;
      const firstPolling = new Promise<void>((resolve) => (atFirstPoll = resolve));
      let held = false;
      intercept = async ({ state }, proceed) => {
        if (state === 'GetTranscriptionJob' && !held) {
          held = true;
          atFirstPoll();
          await redeliveryDone;
        }
        return proceed();
      };
      const first = await start('redelivered', 's-8', { wav: silentWav() });
      await firstPolling;

      // Act
      let second: SessionOutcome;
      try {
        second = await runtime.redeliver(first).outcome;
        recordingWhenDuplicateEnded = filesUnder(uploadsDir()).filter((path) => path.includes('s-8'));
      } finally {
        release();
      }
      const firstOutcome = await first.outcome;

      // Assess
      expect(second.status).toBe('SUCCEEDED');
      expect(second.path).toContain('AlreadyProcessed');
      expect(second.path).not.toContain('DeleteDuplicateUpload');
      expect(second.leftoverVersionsDeleted).toBe(0);
      expect(recordingWhenDuplicateEnded).not.toEqual([]);
      expect(firstOutcome.status).toBe('SUCCEEDED');
      expect(faultyTranscribe().jobsFor(key)).toHaveLength(1);
      const after = await aftermath('redelivered', 's-8');
      expect(after.records).toEqual([{ sessionId: 's-8', status: 'COMPLETED' }]);
      expect(after.record.executionId).toBe(firstOutcome.executionId);
      expect(after.completedEvents).toHaveLength(1);
      expect(after.uploadsLeft).toEqual([]);
      expect(after.scratchLeft).toEqual([]);
    });
  });

  describe('a crash between two steps, then the same event again', () => {
    it('keeps the crash’s reason and one failed event when a Lambda dies after NormalizeTranscript and the event comes again', async () => {
      // Prepare: DeleteRawAudio's Lambda dies; the step before had written the transcript and moved the
      // session to ANALYZING. The state's Catch runs the failure path, as in AWS.
      intercept = async ({ state }, proceed) => {
        if (state === 'DeleteRawAudio') throw lambdaCrash();
        return proceed();
      };
      const first = await start('crash-lambda', 's-9', { fixture: 'good-alliance.txt' });
      const firstOutcome = await first.outcome;
      const failedAt = (await runtime.sessions.get({ tenantId: TENANT, sessionId: 's-9' }))?.updatedAt;
      intercept = undefined;

      // Act: EventBridge delivers the same "Object Created" event (same key, version and event id) again.
      const second = await runtime.redeliver(first).outcome;

      // Assess
      expect(firstOutcome.path).toEqual(expect.arrayContaining(['NormalizeTranscript', 'MarkFailed', 'DeleteRawAudioOnFailure', 'PublishFailed']));
      const after = await aftermath('crash-lambda', 's-9');
      expect(after.records).toEqual([{ sessionId: 's-9', status: 'FAILED' }]);
      // The redelivery neither reopened the session nor replaced why it failed.
      expect(after.record.failure?.code).toBe('internal_error');
      expect(after.record.executionId).toBe(firstOutcome.executionId);
      expect(after.record.updatedAt).toBe(failedAt);
      expect(second.path).not.toContain('NormalizeTranscript');
      expect(after.failedEvents).toHaveLength(1);
      expect(after.completedEvents).toEqual([]);
      expect(second.leftoverVersionsDeleted).toBe(0);
      expect(after.uploadsLeft).toEqual([]);
    });

    it('fails the session once, as interrupted, when the execution stops between two steps without its Catch and the event comes again', async () => {
      // Prepare: the execution is stopped while DeleteRawAudio's Lambda runs (StopExecution, or an execution
      // timeout): no Catch, no failure path. The local runtime's check then records why and deletes the recording.
      let started!: (run: SessionRun) => void;
      const running = new Promise<SessionRun>((resolve) => (started = resolve));
      intercept = async ({ state }, proceed) => {
        if (state !== 'DeleteRawAudio') return proceed();
        (await running).execution.abort();
        return new Promise(() => undefined); // the Lambda never answers
      };
      const first = await start('crash-stopped', 's-10', { wav: silentWav() });
      started(first);
      const firstOutcome = await first.outcome;
      intercept = undefined;

      // Act
      const second = await runtime.redeliver(first).outcome;

      // Assess
      expect(firstOutcome.error?.Error).toBe('ExecutionAbortedError');
      expect(firstOutcome.path).not.toContain('MarkFailed');
      expect(firstOutcome.leftoverVersionsDeleted).toBe(1);
      expect(second.path).not.toContain('StartTranscription');
      const after = await aftermath('crash-stopped', 's-10');
      expect(after.records).toEqual([{ sessionId: 's-10', status: 'FAILED' }]);
      expect(after.record.failure?.code).toBe('interrupted');
      expect(after.failedEvents.map((event) => event.detail.failureCode)).toEqual(['interrupted']);
      expect(after.completedEvents).toEqual([]);
      expect(after.uploadsLeft).toEqual([]);
      expect(after.scratchLeft).toEqual([]);
    });
  });

  it('raised no warnings (no recording left behind by the workflow)', () => {
    expect(warnings).toEqual([]);
  });
});
