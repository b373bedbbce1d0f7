import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The handler module reads its configuration once, at import, as it does on a cold start.
  process.env.ARTIFACTS_BUCKET = 'attune-artifacts';
  process.env.KMS_KEY_ID = 'alias/attune-test';
  process.env.TABLE_NAME = 'attune-sessions';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { BedrockLanguageModel } from '../../../lambdas/adapters/bedrock/bedrock-language-model.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { createGenerateNoteHandler } from '../../../lambdas/generate-note/handler.js';
import { analyzeSession } from '../../../lambdas/use-cases/session-analysis.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import { createPersistResultsHandler } from '../../../lambdas/persist-results/handler.js';
import { createScoreAllianceHandler } from '../../../lambdas/score-alliance/handler.js';
import { FakeSessionRepository } from './fake-session-repository.js';
import { NOTE_SECTIONS, ProgressNoteSchema } from '../../../schemas/note.js';
import { AnalysisStepSchema } from '../../../schemas/workflow.js';
import { inlineTranscript } from '../../helpers.js';
import { ARTIFACTS, fakeArtifacts, KMS_KEY_ID, normalized, receivedRecord, riskTranscript, transcript, upload } from './session-fixtures.js';

const CREATED_AT = new Date('2026-03-02T10:00:00.000Z');
const NOTE_KEY = 'notes/acme/c-17/s-0042.json';

let artifacts: ReturnType<typeof fakeArtifacts>;
beforeEach(() => {
  artifacts = fakeArtifacts();
  artifacts.putJson(normalized.transcriptKey, transcript);
});
afterEach(() => artifacts.restore());

describe('GenerateNote', () => {
  it('writes a schema-valid local note for the session, encrypted with the deployment key', async () => {
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'birp', model: null, now: () => CREATED_AT });

    const step = await handler({ upload, normalized });

    expect(AnalysisStepSchema.parse(step)).toEqual({ resultKey: NOTE_KEY, engine: 'local', status: 'ok' });
    const { json, input } = artifacts.written(NOTE_KEY);
    const note = ProgressNoteSchema.parse(json);
    expect(note.format).toBe('birp');
    expect(note.sections.map((s) => s.name)).toEqual(NOTE_SECTIONS.birp);
    expect(note.sessionFacts.date).toBe('2026-03-02');
    expect(note.provenance).toMatchObject({ engine: 'local', modelId: null, createdAt: CREATED_AT.toISOString() });
    expect(input).toMatchObject({ ContentType: 'application/json', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_KEY_ID });
  });

  it('cites only turns that exist in the transcript it read', async () => {
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'soap', model: null });

    await handler({ upload, normalized });

    const note = ProgressNoteSchema.parse(artifacts.written(NOTE_KEY).json);
    const ids = new Set(transcript.turns.map((t) => t.id));
    const cited = note.sections.flatMap((s) => s.sentences.flatMap((sentence) => sentence.evidence));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('falls back to the local note, marked degraded, when Bedrock keeps answering malformed JSON', async () => {
    const bedrock = mockClient(BedrockRuntimeClient);
    bedrock.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: 'Sure! Here is the note: {"sections": [' }] } },
      stopReason: 'end_turn',
      $metadata: { httpStatusCode: 200 },
    });
    const model = new BedrockLanguageModel({
      modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
      client: new BedrockRuntimeClient({ region: 'eu-west-1' }),
    });
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'soap', model, sleep: async () => {} });

    try {
      const step = await handler({ upload, normalized });

      expect(step).toEqual({ resultKey: NOTE_KEY, engine: 'local', status: 'degraded' });
      const note = ProgressNoteSchema.parse(artifacts.written(NOTE_KEY).json);
      expect(note.provenance.status).toBe('degraded');
      expect(note.provenance.degradedReason).toMatch(/^bedrock: .*local engine used$/);
      expect(note.sections.map((s) => s.name)).toEqual(NOTE_SECTIONS.soap);
      expect(bedrock.commandCalls(ConverseCommand).length).toBeGreaterThan(1);
    } finally {
      bedrock.restore();
    }
  });

  it('writes an unavailable note, with the risk statements and review required, when the note engine fails', async () => {
    // Prepare: a session with a disclosure, and an engine defect whose message quotes the session
    const disclosure = inlineTranscript([
      'Therapist: How has the week been?',
      'Client: Rough. Sometimes I wish I could go to sleep and not wake up.',
      'Therapist: Thank you for telling me that.',
      'Client: I just feel tired of everything.',
    ]);
    artifacts.putJson(normalized.transcriptKey, disclosure);
    const writeNote = () => {
      throw new TypeError('cannot read the turn "Sometimes I wish I could go to sleep"');
    };
    const handler = createGenerateNoteHandler({
      artifacts: artifacts.store,
      artifactsBucket: ARTIFACTS,
      format: 'soap',
      model: null,
      now: () => CREATED_AT,
      writeNote,
    });

    // Act
    const step = await handler({ upload, normalized });

    // Assess
    expect(AnalysisStepSchema.parse(step)).toEqual({ resultKey: NOTE_KEY, engine: 'local', status: 'degraded' });
    const stored = artifacts.written(NOTE_KEY).json;
    const note = ProgressNoteSchema.parse(stored);
    expect(note).toMatchObject({
      format: 'soap',
      status: 'unavailable',
      unavailableReason: { code: 'note_unavailable' },
      sections: [],
      reviewRequired: true,
      homework: [],
      planForNextSession: [],
      allianceSummary: [],
      sessionFacts: { date: '2026-03-02', turns: 4 },
    });
    expect(note.riskStatements.map((r) => r.type)).toContain('passive_ideation');
    expect(note.riskStatements[0]!.evidence).toContain('t0002');
    // Neither the reason nor anything else stored repeats the failure's message.
    expect(JSON.stringify(note.unavailableReason)).not.toMatch(/sleep|turn/i);
    expect(JSON.stringify(stored)).not.toContain('cannot read the turn');
  });

  it('writes an unavailable note when the session has no risk either, still for review', async () => {
    const handler = createGenerateNoteHandler({
      artifacts: artifacts.store,
      artifactsBucket: ARTIFACTS,
      format: 'girp',
      model: null,
      writeNote: () => {
        throw new RangeError('Invalid array length');
      },
    });

    await handler({ upload, normalized });

    const note = ProgressNoteSchema.parse(artifacts.written(NOTE_KEY).json);
    expect(note).toMatchObject({ format: 'girp', status: 'unavailable', riskStatements: [], reviewRequired: true });
  });

  it('leaves the session COMPLETED with its scores and the unavailable note when the note engine fails', async () => {
    // Prepare: the two Parallel branches and PersistResults, as the workflow runs them
    const sessions = new FakeSessionRepository(() => CREATED_AT);
    sessions.seed(receivedRecord({ status: 'ANALYZING' }));
    const failing = () => {
      throw new Error('note engine defect');
    };
    const generateNote = createGenerateNoteHandler({
      artifacts: artifacts.store,
      artifactsBucket: ARTIFACTS,
      format: 'soap',
      model: null,
      now: () => CREATED_AT,
      writeNote: failing,
    });
    const scoreAlliance = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null, now: () => CREATED_AT });
    const persist = createPersistResultsHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, sessions, now: () => CREATED_AT });

    // Act
    const branches = await Promise.all([generateNote({ upload, normalized }), scoreAlliance({ upload, normalized })]);
    const persisted = await persist({
      upload,
      normalized,
      results: { note: branches[0], alliance: branches[1] },
      executionId: 'exec-1',
      startedAt: '2026-03-02T09:58:00.000Z',
    });

    // Assess
    expect(persisted.event).toMatchObject({ status: 'COMPLETED', sessionId: upload.sessionId });
    const record = await sessions.get({ tenantId: upload.tenantId, sessionId: upload.sessionId });
    expect(record).toMatchObject({ status: 'COMPLETED', note: { status: 'unavailable', reviewRequired: true, sections: [] } });
    expect(record?.alliance?.overall.score).toEqual(expect.any(Number));
  });

  it('writes the note from the analysis NormalizeTranscript stored, not from one of its own', async () => {
    // Prepare: a session with two disclosures, whose stored analysis (altered here) holds no risk
    const analysisKey = sessionAnalysisKey(upload);
    artifacts.putJson(normalized.transcriptKey, riskTranscript);
    const stored = analyzeSession(riskTranscript, CREATED_AT);
    expect(stored.risk.episodes.length).toBeGreaterThan(0);
    artifacts.putJson(analysisKey, { ...stored, risk: analyzeTranscript(transcript).risk });
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'soap', model: null, now: () => CREATED_AT });

    // Act
    await handler({ upload, normalized: { ...normalized, analysisKey } });

    // Assess: the note says what the stored analysis says (no risk), which a fresh analysis would not
    const note = ProgressNoteSchema.parse(artifacts.written(NOTE_KEY).json);
    expect(note.riskStatements).toEqual([]);
    expect(note.reviewRequired).toBe(false);
  });

  it.each([
    ['an execution normalized before the analysis was stored (no analysisKey)', {}],
    ['an analysis key with nothing stored at it', { analysisKey: sessionAnalysisKey(upload) }],
  ])('still writes the note for %s, from the transcript analysed here', async (_case, extra) => {
    // Prepare
    artifacts.putJson(normalized.transcriptKey, riskTranscript);
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'soap', model: null, now: () => CREATED_AT });

    // Act
    const step = await handler({ upload, normalized: { ...normalized, ...extra } });

    // Assess: the note the engine writes from a fresh analysis, risk and all
    expect(step).toEqual({ resultKey: NOTE_KEY, engine: 'local', status: 'ok' });
    const expected = writeProgressNote({
      transcript: riskTranscript,
      analysis: analyzeTranscript(riskTranscript),
      format: 'soap',
      sessionDate: upload.sessionDate,
      createdAt: CREATED_AT,
    });
    expect(artifacts.written(NOTE_KEY).json).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.riskStatements.map((r) => r.type)).toContain('passive_ideation');
  });

  it('refuses a payload that is not the workflow input, before reading anything', async () => {
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'soap', model: null });

    await expect(handler({ upload: { ...upload, tenantId: '../other' }, normalized })).rejects.toThrow();
    expect(artifacts.s3.calls()).toHaveLength(0);
  });
});
