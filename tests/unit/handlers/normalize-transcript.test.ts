import './handler-env.js';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeTranscript, RUBRIC_VERSION } from '../../../lambdas/core/alliance/engine.js';
import { createNormalizeTranscriptHandler } from '../../../lambdas/normalize-transcript/handler.js';
import { StoredSessionAnalysisSchema } from '../../../schemas/analysis.js';
import { TranscriptSchema } from '../../../schemas/transcript.js';
import { NormalizedSchema, type Upload } from '../../../schemas/workflow.js';
import { root } from '../../helpers.js';
import { ARTIFACTS, FakeS3, KMS_KEY, UPLOADS, captureLogs } from './fake-s3.js';
import { FakeSessionRepository } from './fake-session-repository.js';

const NOW = new Date('2025-03-14T12:00:00Z');
const CANARY = 'Zanzibarquokka';

let s3: FakeS3;
let sessions: FakeSessionRepository;

beforeEach(() => {
  s3 = new FakeS3();
  sessions = new FakeSessionRepository(() => NOW);
});
afterEach(() => s3.restore());

function upload(extension: Upload['extension'], kind: Upload['kind']): Upload {
  return {
    bucket: UPLOADS,
    key: `uploads/acme/c1/s1.${extension}`,
    bytes: 100,
    tenantId: 'acme',
    clientId: 'c1',
    sessionId: 's1',
    extension,
    kind,
    ...(kind === 'audio' ? { mediaFormat: extension === 'm4a' ? 'mp4' : (extension as 'wav') } : {}),
    channels: 1,
    sessionDate: '2025-03-13',
    consent: { obtained: true, method: 'written', obtainedAt: '2025-03-01' },
  };
}

function seedSession(status: 'TRANSCRIBING' | 'RECEIVED') {
  sessions.seed({
    tenantId: 'acme',
    clientId: 'c1',
    sessionId: 's1',
    status,
    sessionDate: '2025-03-13',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    timings: {},
  });
}

function normalize(input: unknown, therapistChannel?: 'left' | 'right') {
  let tick = NOW.getTime();
  const handler = createNormalizeTranscriptHandler({
    store: s3.store,
    sessions,
    config: { UPLOADS_BUCKET: UPLOADS, ARTIFACTS_BUCKET: ARTIFACTS, ...(therapistChannel ? { THERAPIST_CHANNEL: therapistChannel } : {}) },
    // Each reading of the clock is 250 ms later, so the state's timing is visible.
    now: () => {
      tick += 250;
      return new Date(tick);
    },
  });
  return handler(input);
}

const fixture = (name: string) => readFileSync(`${root}tests/fixtures/transcripts/${name}`, 'utf8');
const session = () => sessions.get({ tenantId: 'acme', sessionId: 's1' });

describe('NormalizeTranscript', () => {
  it('turns Amazon Transcribe output into the canonical transcript, encrypted with the deployment key', async () => {
    // Prepare
    seedSession('TRANSCRIBING');
    s3.put(ARTIFACTS, 'transcribe/acme/c1/s1.json', fixture('transcribe-speaker-labels.json'));

    // Act
    const result = NormalizedSchema.parse(await normalize({ upload: upload('wav', 'audio') }));

    // Assess
    expect(result.transcriptKey).toBe('transcripts/acme/c1/s1.json');
    const transcript = TranscriptSchema.parse(JSON.parse(s3.text(ARTIFACTS, result.transcriptKey)!));
    expect(transcript.format).toBe('transcribe-json');
    expect(result.turns).toBe(transcript.turns.length);
    expect(result.words).toBeGreaterThan(40);
    expect(result.roleMethod).toBe(transcript.roleAssignment.method);
    const put = s3.puts.find((p) => p.Key === result.transcriptKey);
    expect(put).toMatchObject({ Bucket: ARTIFACTS, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_KEY, ContentType: 'application/json' });
    expect(await session()).toMatchObject({ status: 'ANALYZING', timings: { NormalizeTranscript: 250 } });
  });

  it('deletes Transcribe’s own copy of the words once the canonical transcript is written', async () => {
    // Prepare
    seedSession('TRANSCRIBING');
    s3.put(ARTIFACTS, 'transcribe/acme/c1/s1.json', fixture('transcribe-channel-labels.json'));

    // Act
    await normalize({ upload: upload('flac', 'audio') });

    // Assess
    expect(s3.versionCount(ARTIFACTS, 'transcribe/acme/c1/s1.json')).toBe(0);
    expect(s3.versionCount(ARTIFACTS, 'transcripts/acme/c1/s1.json')).toBe(1);
  });

  it.each([
    [undefined, { ch_0: 'therapist', ch_1: 'client' }],
    ['left', { ch_0: 'therapist', ch_1: 'client' }],
    ['right', { ch_0: 'client', ch_1: 'therapist' }],
  ] as const)('takes the roles of a two-channel recording from THERAPIST_CHANNEL (%s) instead of guessing', async (therapistChannel, speakers) => {
    // Prepare
    seedSession('TRANSCRIBING');
    s3.put(ARTIFACTS, 'transcribe/acme/c1/s1.json', fixture('transcribe-channel-labels.json'));

    // Act
    const result = await normalize({ upload: { ...upload('flac', 'audio'), channels: 2 } }, therapistChannel);

    // Assess
    const transcript = TranscriptSchema.parse(JSON.parse(s3.text(ARTIFACTS, result.transcriptKey)!));
    expect(transcript.roleAssignment).toMatchObject({ method: 'explicit', confidence: 1, speakers, basis: expect.stringContaining('channel assignment') });
    expect(result).toMatchObject({ roleMethod: 'explicit', roleConfidence: 1 });
  });

  it('still infers the roles of a one-channel recording’s speaker labels', async () => {
    // Prepare
    seedSession('TRANSCRIBING');
    s3.put(ARTIFACTS, 'transcribe/acme/c1/s1.json', fixture('transcribe-speaker-labels.json'));

    // Act
    const result = await normalize({ upload: upload('wav', 'audio') }, 'right');

    // Assess
    expect(result.roleMethod).toBe('inferred');
  });

  it.each([
    ['vtt', 'teams.vtt', 'vtt'],
    ['srt', 'session.srt', 'srt'],
    ['txt', 'therapist-client.txt', 'text'],
    ['json', 'transcribe-speaker-labels.json', 'transcribe-json'],
  ] as const)('reads an uploaded .%s transcript from the uploads bucket', async (extension, file, format) => {
    // Prepare
    seedSession('RECEIVED');
    s3.put(UPLOADS, `uploads/acme/c1/s1.${extension}`, fixture(file));

    // Act
    const result = await normalize({ upload: upload(extension, 'transcript') });

    // Assess
    const transcript = TranscriptSchema.parse(JSON.parse(s3.text(ARTIFACTS, result.transcriptKey)!));
    expect(transcript.format).toBe(format);
    expect(result.turns).toBeGreaterThan(1);
    expect((await session())?.status).toBe('ANALYZING');
    // The upload itself is DeleteRawAudio's to remove, not this state's.
    expect(s3.versionCount(UPLOADS, `uploads/acme/c1/s1.${extension}`)).toBe(1);
  });

  it('reports explicit roles for a Therapist:/Client: transcript', async () => {
    // Prepare
    seedSession('RECEIVED');
    s3.put(UPLOADS, 'uploads/acme/c1/s1.txt', 'Therapist: How was your week?\nClient: Hard, honestly. Work was a lot.');

    // Act
    const result = await normalize({ upload: upload('txt', 'transcript') });

    // Assess
    expect(result).toEqual({
      transcriptKey: 'transcripts/acme/c1/s1.json',
      analysisKey: 'transcripts/acme/c1/s1.analysis.json',
      turns: 2,
      words: 10,
      roleMethod: 'explicit',
      roleConfidence: 1,
    });
  });

  it('analyses the transcript once and stores the analysis beside it, encrypted, for the analysis steps and the API', async () => {
    // Prepare
    seedSession('TRANSCRIBING');
    s3.put(ARTIFACTS, 'transcribe/acme/c1/s1.json', fixture('transcribe-speaker-labels.json'));

    // Act
    const result = NormalizedSchema.parse(await normalize({ upload: upload('wav', 'audio') }));

    // Assess: the engine's analysis of the transcript as stored, with the provenance of that run
    expect(result.analysisKey).toBe('transcripts/acme/c1/s1.analysis.json');
    const transcript = TranscriptSchema.parse(JSON.parse(s3.text(ARTIFACTS, result.transcriptKey)!));
    const stored = StoredSessionAnalysisSchema.parse(JSON.parse(s3.text(ARTIFACTS, result.analysisKey!)!));
    expect(stored).toEqual(JSON.parse(JSON.stringify({ ...analyzeTranscript(transcript), provenance: stored.provenance })));
    expect(stored.provenance).toMatchObject({ engine: 'local', modelId: null, rubricVersion: RUBRIC_VERSION, status: 'ok' });
    const put = s3.puts.find((p) => p.Key === result.analysisKey);
    expect(put).toMatchObject({ Bucket: ARTIFACTS, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_KEY, ContentType: 'application/json' });
  });

  it.each([
    ['an empty transcript', '   \n\n'],
    ['a binary file named .txt', new Uint8Array([0x49, 0x44, 0x33, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 0, 0])],
  ])('fails with InvalidTranscript for %s, and writes nothing', async (_case, content) => {
    // Prepare
    seedSession('RECEIVED');
    s3.put(UPLOADS, 'uploads/acme/c1/s1.txt', content);

    // Act
    const attempt = normalize({ upload: upload('txt', 'transcript') });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidTranscript', message: expect.stringMatching(/transcript|binary/) });
    expect(s3.versionCount(ARTIFACTS, 'transcripts/acme/c1/s1.json')).toBe(0);
    expect(s3.versionCount(ARTIFACTS, 'transcripts/acme/c1/s1.analysis.json')).toBe(0);
    expect((await session())?.status).toBe('RECEIVED');
  });

  it('fails with InvalidTranscript when Transcribe JSON has no words', async () => {
    // Prepare
    seedSession('TRANSCRIBING');
    s3.put(
      ARTIFACTS,
      'transcribe/acme/c1/s1.json',
      JSON.stringify({ jobName: 'j', status: 'COMPLETED', results: { transcripts: [{ transcript: '' }], items: [] } }),
    );

    // Act
    const attempt = normalize({ upload: upload('mp3', 'audio') });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidTranscript' });
  });

  it('fails with the storage error, not InvalidTranscript, when Transcribe wrote nothing', async () => {
    // Prepare
    seedSession('TRANSCRIBING');

    // Act
    const attempt = normalize({ upload: upload('mp3', 'audio') });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('refuses a state input that is not an upload', async () => {
    // Act
    const attempt = normalize({ upload: { key: 'uploads/acme/c1/s1.txt' } });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_state_input' });
  });

  it('never puts transcript words in its answer, its errors or its logs', async () => {
    // Prepare
    seedSession('TRANSCRIBING');
    const transcribe = fixture('transcribe-speaker-labels.json').replaceAll('brother', CANARY);
    s3.put(ARTIFACTS, 'transcribe/acme/c1/s1.json', transcribe);
    s3.put(UPLOADS, 'uploads/acme/c1/s2.json', `{"jobName": "${CANARY}", "results": {"transcripts": [{"transcript": "${CANARY}"`);
    const bad = { ...upload('json', 'transcript'), key: 'uploads/acme/c1/s2.json', sessionId: 's2' };
    s3.put(UPLOADS, 'uploads/acme/c1/s3.vtt', `WEBVTT\n\n00:01.000 --> 00:02.000\n${CANARY}`);
    const unlabelledVtt = { ...upload('vtt', 'transcript'), key: 'uploads/acme/c1/s3.vtt', sessionId: 's3' };
    const logs = captureLogs();

    // Act
    const outcomes: unknown[] = [];
    try {
      for (const input of [upload('wav', 'audio'), bad, unlabelledVtt]) {
        outcomes.push(await normalize({ upload: input }).catch((error: Error) => ({ name: error.name, message: error.message, stack: error.stack })));
      }
    } finally {
      logs.restore();
    }

    // Assess
    expect(s3.text(ARTIFACTS, 'transcripts/acme/c1/s1.json')).toContain(CANARY);
    expect(outcomes.map((o) => (o as { name?: string }).name)).toEqual([undefined, 'InvalidTranscript', 'InvalidTranscript']);
    expect(logs.text()).toContain('transcript normalized');
    expect(logs.text()).toContain('transcript rejected');
    expect(logs.text()).not.toContain(CANARY);
    expect(JSON.stringify(outcomes)).not.toContain(CANARY);
  });
});
