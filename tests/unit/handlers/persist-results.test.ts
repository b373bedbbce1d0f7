import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The handler module reads its configuration once, at import, as it does on a cold start.
  process.env.ARTIFACTS_BUCKET = 'attune-artifacts';
  process.env.KMS_KEY_ID = 'alias/attune-test';
  process.env.TABLE_NAME = 'attune-sessions';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { DynamoSessionRepository } from '../../../lambdas/adapters/dynamodb/session-repository.js';
import { analyzeTranscript, ENGINE_VERSION, RUBRIC_VERSION } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import type { SupervisionReport } from '../../../schemas/supervision.js';
import { createPersistResultsHandler, type PersistInput } from '../../../lambdas/persist-results/handler.js';
import { SessionEventDetailSchema } from '../../../schemas/workflow.js';
import { ARTIFACTS, fakeArtifacts, normalized, riskTranscript, riskWordsIn, transcript, transcriptWordsIn, upload } from './session-fixtures.js';

const STARTED_AT = '2026-03-02T09:58:00.000Z';
const NOW = new Date('2026-03-02T10:01:30.000Z');
const NOTE_KEY = 'notes/acme/c-17/s-0042.json';
const ALLIANCE_KEY = 'alliance/acme/c-17/s-0042.json';

const analysis = analyzeTranscript(transcript);
const note = writeProgressNote({ transcript, analysis, format: 'soap', sessionDate: upload.sessionDate, createdAt: NOW });
const provenance = {
  engine: 'local',
  engineVersion: ENGINE_VERSION,
  modelId: null,
  rubricVersion: RUBRIC_VERSION,
  createdAt: NOW.toISOString(),
  status: 'ok',
} as const;
const dimensions = Object.fromEntries(Object.entries(analysis.alliance.dimensions).map(([name, d]) => [name, d.score]));

const input: PersistInput = {
  upload,
  normalized,
  results: {
    note: { resultKey: NOTE_KEY, engine: 'local', status: 'ok' },
    alliance: { resultKey: ALLIANCE_KEY, engine: 'local', status: 'ok', overall: analysis.alliance.overall.score, dimensions },
  },
  executionId: 'arn:aws:states:eu-west-1:111122223333:execution:attune-session:7f3c',
  startedAt: STARTED_AT,
};

const dynamo = mockClient(DynamoDBDocumentClient);
let artifacts: ReturnType<typeof fakeArtifacts>;
let handler: ReturnType<typeof createPersistResultsHandler>;

beforeEach(() => {
  dynamo.reset();
  artifacts = fakeArtifacts();
  artifacts.putJson(NOTE_KEY, note);
  artifacts.putJson(ALLIANCE_KEY, { metrics: analysis.metrics, alliance: analysis.alliance, provenance, risk: analysis.risk });
  const sessions = new DynamoSessionRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), 'attune-sessions');
  handler = createPersistResultsHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, sessions, now: () => NOW });
});
afterEach(() => {
  artifacts.restore();
  dynamo.reset();
});

/** The fields the UpdateCommand SET, by attribute name. */
function fieldsWritten(): Record<string, unknown> {
  const update = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
  const names = update.ExpressionAttributeNames ?? {};
  const values = update.ExpressionAttributeValues ?? {};
  return Object.fromEntries(
    Object.entries(names)
      .filter(([alias]) => /^#[rt]\d+$/.test(alias))
      .map(([alias, field]) => [field, values[`:${alias.slice(1)}`]]),
  );
}

describe('PersistResults', () => {
  it('completes the session with the note, alliance, metrics, provenance, risk, transcript key and total time', async () => {
    dynamo.on(UpdateCommand).resolves({});

    const result = await handler(input);

    expect(result.duplicate).toBe(false);
    expect(fieldsWritten()).toEqual({
      note,
      alliance: analysis.alliance,
      metrics: analysis.metrics,
      provenance,
      risk: analysis.risk,
      transcriptKey: normalized.transcriptKey,
      executionId: input.executionId,
      total: 210_000,
    });
    expect(result.event).toEqual({
      tenantId: 'acme',
      clientId: 'c-17',
      sessionId: 's-0042',
      status: 'COMPLETED',
      overall: analysis.alliance.overall.score,
      dimensions,
      reviewRequired: analysis.risk.summary.reviewRequired || note.reviewRequired,
      riskCategories: analysis.risk.summary.categories,
    });
  });

  it('records the supervision report ScoreAlliance wrote, and the event carries none of it', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    const supervision = writeSupervisionReport({ transcript, analysis, createdAt: NOW });
    artifacts.putJson(ALLIANCE_KEY, { metrics: analysis.metrics, alliance: analysis.alliance, provenance, risk: analysis.risk, supervision });

    // Act
    const result = await handler(input);

    // Assess
    expect(fieldsWritten().supervision).toEqual(supervision);
    expect(JSON.stringify(result.event)).not.toMatch(/moments|whyItMatters|alternative/);
  });

  it('completes a session whose alliance result was written before supervision reports existed, without one', async () => {
    // Prepare: beforeEach stored an alliance result without `supervision`
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await handler(input);

    // Assess
    expect(fieldsWritten()).not.toHaveProperty('supervision');
  });

  it('records the risk a client disclosed on the session, and the event says review is required with the categories, no words', async () => {
    // Prepare
    const risky = analyzeTranscript(riskTranscript);
    const riskyNote = writeProgressNote({ transcript: riskTranscript, analysis: risky, format: 'soap', sessionDate: upload.sessionDate, createdAt: NOW });
    artifacts.putJson(NOTE_KEY, riskyNote);
    artifacts.putJson(ALLIANCE_KEY, { metrics: risky.metrics, alliance: risky.alliance, provenance, risk: risky.risk });
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const result = await handler(input);

    // Assess
    const stored = fieldsWritten().risk as typeof risky.risk;
    expect(stored).toEqual(risky.risk);
    expect(stored.summary.reviewRequired).toBe(true);
    expect(stored.findings.map((f) => f.quote)).toEqual(
      expect.arrayContaining([expect.stringContaining('not wake up'), expect.stringContaining('I cut my arm')]),
    );
    expect(result.event).toMatchObject({ status: 'COMPLETED', reviewRequired: true });
    expect(result.event.riskCategories).toEqual(expect.arrayContaining(['passive_ideation', 'self_injury']));
    // Every subscriber of the bus reads the event: the categories by name, never a quote or any word of the session.
    expect(SessionEventDetailSchema.strict().parse(result.event)).toEqual(result.event);
    expect(riskWordsIn(JSON.stringify(result))).toEqual([]);
    for (const finding of stored.findings) expect(JSON.stringify(result)).not.toContain(finding.quote);
  });

  it('refuses an alliance result that carries no risk report, and writes nothing', async () => {
    // Prepare: a result written without the detector's report must not complete a session that may hold risk.
    artifacts.putJson(ALLIANCE_KEY, { metrics: analysis.metrics, alliance: analysis.alliance, provenance });

    // Act
    const attempt = handler(input);

    // Assess
    await expect(attempt).rejects.toThrow(/risk/);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('reports a duplicate when another execution completed the session first', async () => {
    dynamo.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
        Item: { status: { S: 'COMPLETED' } },
      }),
    );

    const result = await handler(input);

    expect(result.duplicate).toBe(true);
    expect(SessionEventDetailSchema.strict().parse(result.event)).toEqual(result.event);
    // The event is published to every subscriber of the bus: ids and scores, not one word of the session.
    expect(transcriptWordsIn(JSON.stringify(result))).toEqual([]);
  });

  it('refuses a result key that belongs to another session, and writes nothing', async () => {
    const foreign: PersistInput = { ...input, results: { ...input.results, note: { ...input.results.note, resultKey: 'notes/globex/c-1/s-1.json' } } };

    await expect(handler(foreign)).rejects.toThrow(/does not belong to this session/);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it("completes a session whose execution began before the branches were named (the Parallel's bare [note, alliance])", async () => {
    // Prepare: an execution started under the earlier definition, still running when this code was deployed
    dynamo.on(UpdateCommand).resolves({});
    const { results, ...rest } = input;
    const earlier = { ...rest, analysis: [results.note, results.alliance] };

    // Act
    const result = await handler(earlier);

    // Assess: the same session record and event as the named answers give
    const written = fieldsWritten();
    dynamo.reset();
    dynamo.on(UpdateCommand).resolves({});
    const named = await handler(input);
    expect(written).toEqual(fieldsWritten());
    expect(result).toEqual(named);
    expect(written.note).toEqual(note);
  });

  it('refuses answers that are neither named nor the earlier pair, and writes nothing', async () => {
    const { results, ...rest } = input;

    await expect(handler({ ...rest, analysis: [results.note] })).rejects.toThrow(/results/);
    await expect(handler({ ...rest, results: { note: results.note } })).rejects.toThrow(/alliance/);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a note that does not match the schema, and writes nothing', async () => {
    artifacts.putJson(NOTE_KEY, { ...note, sections: [] });

    await expect(handler(input)).rejects.toThrow();
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('PersistResults with a note a model wrote', () => {
  it("adds the model's risk statements to the session's risk (a union), and the event names their category", async () => {
    // Prepare: the detector found nothing in this session; the model's note flags hopelessness on a client turn
    dynamo.on(UpdateCommand).resolves({});
    const clientTurn = transcript.turns.find((t) => t.role === 'client')!;
    const modelNote = {
      ...note,
      provenance: { ...note.provenance, engine: 'bedrock', modelId: 'anthropic.claude-test' },
      riskStatements: [
        {
          type: 'hopelessness',
          text: 'Client described feeling hopeless.',
          evidence: [clientTurn.id],
          assessedInSession: false,
          requiresClinicianReview: true,
        },
      ],
      reviewRequired: true,
    };
    artifacts.putJson(NOTE_KEY, modelNote);
    artifacts.putJson(normalized.transcriptKey, transcript);

    // Act
    const result = await handler(input);

    // Assess
    const risk = fieldsWritten().risk as {
      source: string;
      findings: { category: string; turnId: string; uncertain: boolean }[];
      summary: { reviewRequired: boolean };
    };
    expect(risk.source).toBe('merged');
    for (const f of analysis.risk.findings) expect(risk.findings).toContainEqual(f);
    expect(risk.findings).toContainEqual(expect.objectContaining({ category: 'hopelessness', turnId: clientTurn.id, uncertain: true }));
    expect(risk.summary.reviewRequired).toBe(true);
    expect(result.event).toMatchObject({ reviewRequired: true, riskCategories: expect.arrayContaining(['hopelessness']) });
  });

  it('rewrites the supervision report with the merged risk, so a disclosure only the model heard leads it', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    const clientTurn = transcript.turns.find((t) => t.role === 'client')!;
    const supervision = writeSupervisionReport({ transcript, analysis, createdAt: NOW });
    expect(supervision.moments.some((m) => m.domain === 'safety')).toBe(false);
    artifacts.putJson(ALLIANCE_KEY, { metrics: analysis.metrics, alliance: analysis.alliance, provenance, risk: analysis.risk, supervision });
    artifacts.putJson(NOTE_KEY, {
      ...note,
      provenance: { ...note.provenance, engine: 'bedrock', modelId: 'anthropic.claude-test' },
      riskStatements: [
        {
          type: 'hopelessness',
          text: 'Client described feeling hopeless.',
          evidence: [clientTurn.id],
          assessedInSession: false,
          requiresClinicianReview: true,
        },
      ],
      reviewRequired: true,
    });
    artifacts.putJson(normalized.transcriptKey, transcript);

    // Act
    await handler(input);

    // Assess
    const written = fieldsWritten().supervision as SupervisionReport;
    expect(written.moments[0]).toMatchObject({ domain: 'safety', turnId: clientTurn.id });
    expect(written.provenance.createdAt).toBe(supervision.provenance.createdAt);
  });
});
