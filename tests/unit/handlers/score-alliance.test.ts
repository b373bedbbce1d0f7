import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The handler module reads its configuration once, at import, as it does on a cold start.
  process.env.ARTIFACTS_BUCKET = 'attune-artifacts';
  process.env.KMS_KEY_ID = 'alias/attune-test';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { BedrockLanguageModel } from '../../../lambdas/adapters/bedrock/bedrock-language-model.js';
import { analyzeTranscript, RUBRIC_VERSION } from '../../../lambdas/core/alliance/engine.js';
import { AllianceResultSchema, createScoreAllianceHandler } from '../../../lambdas/score-alliance/handler.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import { analyzeSession } from '../../../lambdas/use-cases/session-analysis.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import { AnalysisStepSchema } from '../../../schemas/workflow.js';
import { answer, fakeBedrock, goodAllianceAnswer } from '../model/bedrock-fake.js';
import { ARTIFACTS, fakeArtifacts, normalized, riskTranscript, riskWordsIn, transcript, transcriptWordsIn, upload } from './session-fixtures.js';

const CREATED_AT = new Date('2026-03-02T10:00:00.000Z');
const RESULT_KEY = 'alliance/acme/c-17/s-0042.json';

let artifacts: ReturnType<typeof fakeArtifacts>;
beforeEach(() => {
  artifacts = fakeArtifacts();
  artifacts.putJson(normalized.transcriptKey, transcript);
});
afterEach(() => artifacts.restore());

describe('ScoreAlliance', () => {
  it('stores the supervision report written from the same analysis, beside the alliance', async () => {
    // Prepare
    artifacts.putJson(normalized.transcriptKey, riskTranscript);
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null, now: () => CREATED_AT });

    // Act
    await handler({ upload, normalized });

    // Assess
    const stored = AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json);
    expect(stored.supervision).toEqual(
      writeSupervisionReport({ transcript: riskTranscript, analysis: analyzeTranscript(riskTranscript), createdAt: CREATED_AT }),
    );
    // The two disclosures the therapist moved on from (t0004, t0006) lead it.
    const [first, second] = stored.supervision!.moments;
    expect([first!.turnId, second!.turnId].sort()).toEqual(['t0004', 't0006']);
    expect([first!.kind, second!.kind]).toEqual(['risk_follow_up', 'risk_follow_up']);
  });

  it('stores metrics, alliance, provenance and risk, and returns the scores (numbers only) for the event', async () => {
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null, now: () => CREATED_AT });

    const step = await handler({ upload, normalized });

    const stored = AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json);
    const local = analyzeTranscript(transcript);
    expect(stored.alliance).toEqual(local.alliance);
    expect(stored.metrics).toEqual(local.metrics);
    expect(stored.risk).toEqual(local.risk);
    expect(stored.provenance).toEqual({
      engine: 'local',
      engineVersion: expect.any(String),
      modelId: null,
      rubricVersion: RUBRIC_VERSION,
      createdAt: CREATED_AT.toISOString(),
      status: 'ok',
    });
    expect(stored.alliance.overall.score).not.toBeNull();
    expect(AnalysisStepSchema.parse(step)).toEqual({
      resultKey: RESULT_KEY,
      engine: 'local',
      status: 'ok',
      overall: stored.alliance.overall.score,
      dimensions: Object.fromEntries(Object.entries(stored.alliance.dimensions).map(([name, d]) => [name, d.score])),
      reviewRequired: local.risk.summary.reviewRequired,
      riskCategories: local.risk.summary.categories,
    });
    // The step output enters the execution history, readable by operators: no transcript text in it.
    expect(transcriptWordsIn(JSON.stringify(step))).toEqual([]);
  });

  it('keeps the local scores, marked degraded, when Bedrock answers malformed JSON', async () => {
    const bedrock = mockClient(BedrockRuntimeClient);
    bedrock.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: '{"dimensions": {"therapeuticRelationship": ' }] } },
      stopReason: 'max_tokens',
      $metadata: { httpStatusCode: 200 },
    });
    const model = new BedrockLanguageModel({ modelId: 'amazon.nova-pro-v1:0', client: new BedrockRuntimeClient({ region: 'eu-west-1' }) });
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model, sleep: async () => {} });

    try {
      const step = await handler({ upload, normalized });

      const stored = AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json);
      expect(step).toMatchObject({ engine: 'local', status: 'degraded', overall: analyzeTranscript(transcript).alliance.overall.score });
      expect(stored.provenance).toMatchObject({ engine: 'local', status: 'degraded', degradedReason: expect.stringMatching(/^bedrock: /) });
      expect(stored.risk).toEqual(analyzeTranscript(transcript).risk);
    } finally {
      bedrock.restore();
    }
  });

  it('stores the risk a client disclosed with its quotes, and returns only that review is required and the categories', async () => {
    // Prepare
    artifacts.putJson(normalized.transcriptKey, riskTranscript);
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null, now: () => CREATED_AT });

    // Act
    const step = await handler({ upload, normalized });

    // Assess
    const stored = AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json);
    expect(stored.risk.summary.reviewRequired).toBe(true);
    expect(stored.risk.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'passive_ideation', turnId: 't0004', quote: expect.stringContaining('not wake up') }),
        expect.objectContaining({ category: 'self_injury', turnId: 't0006', quote: expect.stringContaining('I cut my arm') }),
      ]),
    );
    expect(step.reviewRequired).toBe(true);
    expect(step.riskCategories).toEqual(expect.arrayContaining(['passive_ideation', 'self_injury']));
    expect(step.riskCategories).toEqual(stored.risk.summary.categories);
    // The execution history keeps this output: categories by name, not one word the client said.
    expect(AnalysisStepSchema.strict().parse(step)).toEqual(step);
    expect(riskWordsIn(JSON.stringify(step))).toEqual([]);
  });

  it("keeps the detector's risk when a Bedrock model rates the alliance", async () => {
    // Prepare
    artifacts.putJson(normalized.transcriptKey, riskTranscript);
    const fake = fakeBedrock({ note: [], alliance: [answer(goodAllianceAnswer(riskTranscript))] });
    const handler = createScoreAllianceHandler({
      artifacts: artifacts.store,
      artifactsBucket: ARTIFACTS,
      model: fake.model,
      sleep: fake.sleep,
      now: () => CREATED_AT,
    });

    try {
      // Act
      const step = await handler({ upload, normalized });

      // Assess
      const stored = AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json);
      expect(stored.provenance).toMatchObject({ engine: 'bedrock', status: 'ok' });
      expect(stored.risk).toEqual(analyzeTranscript(riskTranscript).risk);
      expect(step).toMatchObject({ engine: 'bedrock', reviewRequired: true, riskCategories: expect.arrayContaining(['passive_ideation', 'self_injury']) });
    } finally {
      fake.restore();
    }
  });

  it('scores from the analysis NormalizeTranscript stored, and writes the supervision report from that same analysis', async () => {
    // Prepare: the stored analysis, altered so that its scores are ones a fresh analysis would not give
    const analysisKey = sessionAnalysisKey(upload);
    const ANALYSED_AT = new Date('2026-03-02T09:59:00.000Z');
    const fresh = analyzeSession(transcript, ANALYSED_AT);
    const altered = { ...fresh, alliance: { ...fresh.alliance, overall: { ...fresh.alliance.overall, score: 12, band: 'weak' as const } } };
    expect(fresh.alliance.overall.score).not.toBe(12);
    artifacts.putJson(analysisKey, altered);
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null, now: () => CREATED_AT });

    // Act
    const step = await handler({ upload, normalized: { ...normalized, analysisKey } });

    // Assess: the scores, their provenance (the run that computed them) and the report are the stored analysis's
    const stored = AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json);
    expect(step.overall).toBe(12);
    expect(stored.alliance.overall).toMatchObject({ score: 12, band: 'weak' });
    expect(stored.provenance.createdAt).toBe(ANALYSED_AT.toISOString());
    expect(stored.supervision).toEqual(JSON.parse(JSON.stringify(writeSupervisionReport({ transcript, analysis: altered, createdAt: CREATED_AT }))));
  });

  it("anchors a model's rating on the stored analysis", async () => {
    // Prepare: a stored analysis in which the session is too short to score (altered): no model is asked
    const analysisKey = sessionAnalysisKey(upload);
    const fresh = analyzeSession(transcript, CREATED_AT);
    const reason = 'the session is too short to judge';
    const abstained = { ...fresh, alliance: { ...fresh.alliance, overall: { score: null, abstained: true, abstentionReason: reason, band: null } } };
    artifacts.putJson(analysisKey, abstained);
    const fake = fakeBedrock({ note: [], alliance: [answer(goodAllianceAnswer(transcript))] });
    const handler = createScoreAllianceHandler({
      artifacts: artifacts.store,
      artifactsBucket: ARTIFACTS,
      model: fake.model,
      sleep: fake.sleep,
      now: () => CREATED_AT,
    });

    try {
      // Act
      const step = await handler({ upload, normalized: { ...normalized, analysisKey } });

      // Assess: the stored abstention stands, as the local engine's answer
      expect(step).toMatchObject({ engine: 'local', overall: null });
      expect(AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json).alliance.overall).toMatchObject({ abstained: true, abstentionReason: reason });
    } finally {
      fake.restore();
    }
  });

  it('fails clearly when the transcript object is not a Transcript', async () => {
    artifacts.putJson(normalized.transcriptKey, { turns: 'nope' });
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null });

    await expect(handler({ upload, normalized })).rejects.toThrow(/turns/);
    expect(artifacts.objects.has(`${ARTIFACTS}/${RESULT_KEY}`)).toBe(false);
  });
});
