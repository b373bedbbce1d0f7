import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import { analyzeSession, readSessionAnalysis, storeSessionAnalysis } from '../../../lambdas/use-cases/session-analysis.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import { NoteFormatSchema } from '../../../schemas/note.js';
import { fixtureTranscript, root } from '../../helpers.js';
import { completedRecord, seed } from '../api/fixtures.js';
import { apiEvent, memoryDeps, MemoryObjects } from '../api/memory.js';

const BUCKET = 'artifacts';
const ANALYSED_AT = new Date('2026-09-20T15:59:00Z');
const LATER = new Date('2026-10-01T12:00:00Z');
const ids = { tenantId: 't1', clientId: 'c1', sessionId: 's1' };
const transcript = fixtureTranscript('passive-ideation.txt');
const json = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the stored session analysis', () => {
  const sessions = readdirSync(`${root}tests/fixtures/sessions`).filter((name) => name.endsWith('.txt'));

  it.each(sessions)("of %s, read back, writes the same notes and supervision report as the engine's own analysis", async (name) => {
    // Prepare
    const session = fixtureTranscript(name);
    const objects = new MemoryObjects();
    await storeSessionAnalysis(objects, BUCKET, sessionAnalysisKey(ids), session, ANALYSED_AT);

    // Act
    const { analysis, source } = await readSessionAnalysis(objects, BUCKET, sessionAnalysisKey(ids), session, () => LATER);

    // Assess: nothing the note or the report reads is lost on the way through the store
    expect(source).toBe('stored');
    const fresh = analyzeTranscript(session);
    for (const format of NoteFormatSchema.options) {
      const task = { transcript: session, format, sessionDate: '2026-09-20', createdAt: LATER };
      expect(json(writeProgressNote({ ...task, analysis }))).toEqual(json(writeProgressNote({ ...task, analysis: fresh })));
    }
    expect(json(writeSupervisionReport({ transcript: session, analysis, createdAt: LATER }))).toEqual(
      json(writeSupervisionReport({ transcript: session, analysis: fresh, createdAt: LATER })),
    );
  });

  it('is what a reader gets, as stored, with the provenance of the run that computed it', async () => {
    const objects = new MemoryObjects();
    const stored = await storeSessionAnalysis(objects, BUCKET, sessionAnalysisKey(ids), transcript, ANALYSED_AT);

    const read = await readSessionAnalysis(objects, BUCKET, sessionAnalysisKey(ids), transcript, () => LATER);

    expect(read).toEqual({ analysis: json(stored), source: 'stored' });
    expect(read.analysis.provenance).toMatchObject({ engine: 'local', modelId: null, createdAt: ANALYSED_AT.toISOString(), status: 'ok' });
  });

  it.each([
    ['missing', 'a session processed before the analysis was stored', null],
    ['unreadable', 'a copy that is not JSON', '{"metrics": '],
    ['unreadable', 'a copy in a shape this version does not know', JSON.stringify({ alliance: { overall: 71 } })],
  ] as const)('is computed from the transcript (%s) for %s', async (source, _case, body) => {
    // Prepare
    const objects = new MemoryObjects();
    if (body !== null) await objects.write(BUCKET, sessionAnalysisKey(ids), body, 'application/json');

    // Act
    const read = await readSessionAnalysis(objects, BUCKET, sessionAnalysisKey(ids), transcript, () => LATER);

    // Assess: the engine's analysis, dated now, and nothing is written in passing
    expect(read).toEqual({ analysis: analyzeSession(transcript, LATER), source });
    expect(read.analysis.risk.summary.reviewRequired).toBe(true);
    expect([...objects.objects.keys()]).toEqual(body === null ? [] : [`${BUCKET}/${sessionAnalysisKey(ids)}`]);
  });

  it('is erased with its session (DELETE /sessions/{id}), and only with its session', async () => {
    // Prepare: s1 and s10 as the workflow leaves them, transcript and analysis each
    const deps = memoryDeps();
    for (const sessionId of ['s1', 's10']) {
      await seed(deps, completedRecord({ sessionId }));
      await storeSessionAnalysis(deps.objects, deps.config.artifactsBucket, sessionAnalysisKey({ ...ids, sessionId }), transcript, ANALYSED_AT);
    }

    // Act
    const response = await createApiHandler(deps)(apiEvent('DELETE', '/sessions/s1', { caller: { tenant: 't1', user: 'u1', roles: ['clinician'] } }));

    // Assess: s1's analysis is gone and its receipt says so; s10's is untouched
    expect(response.statusCode, response.body).toBe(200);
    const { removed } = JSON.parse(response.body) as { removed: { artifacts: { key: string }[] } };
    expect(removed.artifacts.map((a) => a.key)).toEqual(expect.arrayContaining(['transcripts/t1/c1/s1.analysis.json', 'transcripts/t1/c1/s1.json']));
    expect(await deps.objects.head(deps.config.artifactsBucket, sessionAnalysisKey(ids))).toBeNull();
    expect(await deps.objects.head(deps.config.artifactsBucket, sessionAnalysisKey({ ...ids, sessionId: 's10' }))).not.toBeNull();
  });
});
