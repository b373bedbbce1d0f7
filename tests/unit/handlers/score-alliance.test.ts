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
import { AnalysisStepSchema } from '../../../schemas/workflow.js';
import { ARTIFACTS, fakeArtifacts, normalized, transcript, transcriptWordsIn, upload } from './session-fixtures.js';

const CREATED_AT = new Date('2026-03-02T10:00:00.000Z');
const RESULT_KEY = 'alliance/acme/c-17/s-0042.json';

let artifacts: ReturnType<typeof fakeArtifacts>;
beforeEach(() => {
  artifacts = fakeArtifacts();
  artifacts.putJson(normalized.transcriptKey, transcript);
});
afterEach(() => artifacts.restore());

describe('ScoreAlliance', () => {
  it('stores metrics, alliance and provenance, and returns the scores (numbers only) for the event', async () => {
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null, now: () => CREATED_AT });

    const step = await handler({ upload, normalized });

    const stored = AllianceResultSchema.parse(artifacts.written(RESULT_KEY).json);
    const local = analyzeTranscript(transcript);
    expect(stored.alliance).toEqual(local.alliance);
    expect(stored.metrics).toEqual(local.metrics);
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
    } finally {
      bedrock.restore();
    }
  });

  it('fails clearly when the transcript object is not a Transcript', async () => {
    artifacts.putJson(normalized.transcriptKey, { turns: 'nope' });
    const handler = createScoreAllianceHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, model: null });

    await expect(handler({ upload, normalized })).rejects.toThrow(/turns/);
    expect(artifacts.objects.has(`${ARTIFACTS}/${RESULT_KEY}`)).toBe(false);
  });
});
