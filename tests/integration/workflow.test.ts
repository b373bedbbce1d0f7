/**
 * The synthesized workflow on the real local stack (dynalite on disk, the filesystem object store, the
 * local bus and transcriber): uploads go in as an uploader puts them, the upload rule starts the
 * execution, and what a user would notice is checked: the session record, the events, and that no
 * recording is left anywhere under ATTUNE_HOME.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime, SessionOutcome } from '../../local/runtime/runtime.js';
import { StoredSessionAnalysisSchema, sessionAnalysisKey } from '../../schemas/analysis.js';
import { BOOT_TIMEOUT_MS, CONSENT, SAMPLES, filesUnder, hasCommand, recordedEvents, renderStereoSession, startRuntime, tempHome } from './local-stack.js';

const AUDIO = /\.(wav|flac|mp3|mp4|m4a|ogg|webm)\b/i;

describe('the workflow on the local stack', () => {
  const home = tempHome();
  const warnings: string[] = [];
  /** What the webhook (ATTUNE_WEBHOOK_URL) received. */
  const delivered: { 'detail-type': string; detail: Record<string, unknown> }[] = [];
  let webhook: Server;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        delivered.push(JSON.parse(body) as (typeof delivered)[number]);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/attune-events`;
    runtime = await startRuntime(home.dir, warnings, { ATTUNE_WEBHOOK_URL: url });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await runtime?.close();
    await new Promise((resolve) => webhook?.close(resolve));
    home.cleanup();
  });

  async function upload(key: string, source: { file: string } | { body: Uint8Array | string }, metadata: Record<string, string>): Promise<SessionOutcome> {
    const run = await runtime.upload(key, source, metadata);
    if (!run) throw new Error(`no execution started for ${key}`);
    return run.outcome;
  }

  const uploadsDir = () => runtime.store.bucketDir(runtime.plan.names.uploadsBucket);

  it('turns an uploaded transcript into a completed session with a note and alliance scores', async () => {
    // Prepare
    const file = join(SAMPLES, '2026-09-15.txt');

    // Act
    const outcome = await upload('uploads/acme/jordan/s-0915.txt', { file }, { ...CONSENT, 'session-date': '2026-09-15' });

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    const record = await runtime.sessions.get({ tenantId: 'acme', sessionId: 's-0915' });
    expect(record?.status).toBe('COMPLETED');
    expect(record?.note?.sections.length).toBeGreaterThan(0);
    expect(record?.alliance?.overall.score).toEqual(expect.any(Number));
    expect(record?.sessionDate).toBe('2026-09-15');
    expect(outcome.leftoverVersionsDeleted).toBe(0);
    expect(filesUnder(uploadsDir())).toEqual([]);
    const completed = recordedEvents(home.dir).filter((e) => e['detail-type'] === 'attune.session.completed' && e.detail.sessionId === 's-0915');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.detail).toMatchObject({ tenantId: 'acme', clientId: 'jordan', status: 'COMPLETED', overall: record?.alliance?.overall.score });
    // Ids and scores only: not one line of the session reaches the bus.
    const events = readFileSync(join(home.dir, 'events.ndjson'), 'utf8');
    const spoken = readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.replace(/^\w+:\s*/, '').trim())
      .filter((text) => text.length > 20);
    expect(spoken.filter((text) => events.includes(text))).toEqual([]);
    await runtime.bus.flush();
    expect(delivered.find((e) => e.detail.sessionId === 's-0915')).toMatchObject({ 'detail-type': 'attune.session.completed', source: 'attune' });
  });

  it('analyses the session once and stores it beside the transcript: the scores and risk the session holds are that analysis', async () => {
    // Prepare
    const ids = { tenantId: 'acme', clientId: 'jordan', sessionId: 's-0908' };

    // Act
    const outcome = await upload('uploads/acme/jordan/s-0908.txt', { file: join(SAMPLES, '2026-09-08.txt') }, { ...CONSENT, 'session-date': '2026-09-08' });

    // Assess: NormalizeTranscript stored it; ScoreAlliance's scores and PersistResults' record are read from it
    expect(outcome.status).toBe('SUCCEEDED');
    const bytes = await runtime.store.read(runtime.plan.names.artifactsBucket, sessionAnalysisKey(ids));
    const stored = StoredSessionAnalysisSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    const record = await runtime.sessions.get(ids);
    expect(record?.status).toBe('COMPLETED');
    expect(record?.alliance).toEqual(stored.alliance);
    expect(record?.metrics).toEqual(stored.metrics);
    expect(record?.risk).toEqual(stored.risk);
    expect(record?.provenance?.createdAt).toBe(stored.provenance.createdAt);
    // The note's risk statements come from the same analysis: this session's disclosure is in both.
    expect(stored.risk.summary.reviewRequired).toBe(true);
    expect(record?.note?.riskStatements.length).toBeGreaterThan(0);
  });

  it('keeps one session when the same file is uploaded twice, and deletes the second upload', async () => {
    // Prepare
    const file = join(SAMPLES, '2026-09-22.txt');
    const metadata = { ...CONSENT, 'session-date': '2026-09-22' };
    await upload('uploads/acme/dup-client/s-0922.txt', { file }, metadata);

    // Act
    const second = await upload('uploads/acme/dup-client/s-0922.txt', { file }, metadata);

    // Assess
    expect(second.status).toBe('SUCCEEDED');
    expect(second.path).toContain('AlreadyProcessed');
    const listing = await runtime.sessions.listByClient('acme', 'dup-client', { limit: 10 });
    expect(listing.items.map((s) => [s.sessionId, s.status])).toEqual([['s-0922', 'COMPLETED']]);
    expect(second.leftoverVersionsDeleted).toBe(0);
    expect(filesUnder(uploadsDir())).toEqual([]);
  });

  it('fails an upload without consent with consent_missing and deletes it', async () => {
    // Act
    const outcome = await upload('uploads/acme/jordan/no-consent.txt', { file: join(SAMPLES, '2026-09-01.txt') }, {});

    // Assess
    expect(outcome.status).toBe('FAILED');
    const record = await runtime.sessions.get({ tenantId: 'acme', sessionId: 'no-consent' });
    expect(record?.status).toBe('FAILED');
    expect(record?.failure?.code).toBe('consent_missing');
    expect(record?.note).toBeUndefined();
    expect(filesUnder(uploadsDir())).toEqual([]);
    const failed = recordedEvents(home.dir).find((e) => e['detail-type'] === 'attune.session.failed' && e.detail.sessionId === 'no-consent');
    expect(failed?.detail).toMatchObject({ status: 'FAILED', failureCode: 'consent_missing' });
  });

  it('fails a corrupt recording with a reason and leaves no audio under ATTUNE_HOME', async () => {
    // Act
    const outcome = await upload('uploads/acme/jordan/corrupt.wav', { body: randomBytes(64 * 1024) }, CONSENT);

    // Assess
    expect(outcome.status).toBe('FAILED');
    const record = await runtime.sessions.get({ tenantId: 'acme', sessionId: 'corrupt' });
    expect(record?.status).toBe('FAILED');
    expect(record?.failure?.code).toBe('corrupt_audio');
    expect(record?.failure?.message).toMatch(/export the recording again/);
    expect(outcome.leftoverVersionsDeleted).toBe(0);
    expect(filesUnder(uploadsDir())).toEqual([]);
    expect(filesUnder(home.dir).filter((path) => AUDIO.test(path))).toEqual([]);
  });

  it('fails a transcript that cannot be read with the parser’s reason, as Step Functions reports a Lambda error', async () => {
    // Act
    const outcome = await upload('uploads/acme/jordan/binary.txt', { body: randomBytes(4096) }, CONSENT);

    // Assess
    expect(outcome.status).toBe('FAILED');
    const record = await runtime.sessions.get({ tenantId: 'acme', sessionId: 'binary' });
    expect(record?.failure?.code).toBe('invalid_transcript');
    // MarkFailed read the message out of the Lambda-shaped Cause, not the generic fallback.
    expect(record?.failure?.message).not.toMatch(/could not be read: give a/);
    expect(filesUnder(uploadsDir())).toEqual([]);
  });

  const pocketsphinx = hasCommand('pocketsphinx_continuous');
  if (!pocketsphinx)
    console.warn('SKIPPED the audio end-to-end test: pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us; CI installs it)');

  it.skipIf(!pocketsphinx)(
    'transcribes a two-channel recording with the local transcriber and completes the session',
    async () => {
      // Prepare
      const scratch = tempHome();
      const recording = renderStereoSession(scratch.dir);

      // Act
      const outcome = await upload('uploads/acme/jordan/stereo.wav', { file: recording }, { ...CONSENT, 'session-date': '2026-09-29' });
      scratch.cleanup();

      // Assess
      expect(outcome.path).toContain('StartTranscriptionStereo');
      expect(outcome.status).toBe('SUCCEEDED');
      const record = await runtime.sessions.get({ tenantId: 'acme', sessionId: 'stereo' });
      expect(record?.status).toBe('COMPLETED');
      const transcript = JSON.parse(Buffer.from(await runtime.store.read(runtime.plan.names.artifactsBucket, record!.transcriptKey!)).toString('utf8')) as {
        turns: { role: string }[];
      };
      // Channel identification: the left channel is the therapist, the right the client.
      expect(transcript.turns.map((t) => t.role)).toEqual(['therapist', 'client']);
      expect(filesUnder(home.dir).filter((path) => AUDIO.test(path))).toEqual([]);
      expect(filesUnder(join(home.dir, 'work'))).toEqual([]);
    },
    90_000,
  );

  it('raised no warnings (no recording left behind by the workflow, no failed delivery)', () => {
    expect(warnings).toEqual([]);
  });
});
