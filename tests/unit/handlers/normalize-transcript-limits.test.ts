/**
 * NormalizeTranscript and one session's limits (issue 15, M5): an uploaded transcript over the turns or
 * characters one session may hold fails the session with a reason that says the limit and what to do, before
 * anything is stored or analysed; the analysis runs on whatever analyser the deployment gives (the local
 * runtime's worker pool).
 */
import './handler-env.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNormalizeTranscriptHandler } from '../../../lambdas/normalize-transcript/handler.js';
import { analyzeSession, type SessionAnalyzer } from '../../../lambdas/use-cases/session-analysis.js';
import { MAX_TRANSCRIPT_TURNS } from '../../../schemas/transcript.js';
import type { Upload } from '../../../schemas/workflow.js';
import { ARTIFACTS, FakeS3, UPLOADS } from './fake-s3.js';
import { FakeSessionRepository } from './fake-session-repository.js';

const NOW = new Date('2025-03-14T12:00:00Z');
let s3: FakeS3;
let sessions: FakeSessionRepository;

beforeEach(() => {
  s3 = new FakeS3();
  sessions = new FakeSessionRepository(() => NOW);
  sessions.seed({
    tenantId: 'acme',
    clientId: 'c1',
    sessionId: 's1',
    status: 'RECEIVED',
    sessionDate: '2025-03-13',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    timings: {},
  });
});
afterEach(() => s3.restore());

const UPLOAD: Upload = {
  bucket: UPLOADS,
  key: 'uploads/acme/c1/s1.txt',
  bytes: 100,
  tenantId: 'acme',
  clientId: 'c1',
  sessionId: 's1',
  extension: 'txt',
  kind: 'transcript',
  channels: 1,
  sessionDate: '2025-03-13',
  consent: { obtained: true, method: 'written', obtainedAt: '2025-03-01' },
};

const dialogue = (turns: number) => Array.from({ length: turns }, (_, i) => (i % 2 === 0 ? 'Therapist: How was it?' : 'Client: Fine, I think.')).join('\n');

function normalize(analyze?: SessionAnalyzer) {
  return createNormalizeTranscriptHandler({
    store: s3.store,
    sessions,
    config: { UPLOADS_BUCKET: UPLOADS, ARTIFACTS_BUCKET: ARTIFACTS },
    now: () => NOW,
    ...(analyze ? { analyze } : {}),
  })({
    upload: UPLOAD,
  });
}

describe('NormalizeTranscript over one session’s limits', () => {
  it(`fails with InvalidTranscript for an upload of more than ${MAX_TRANSCRIPT_TURNS} turns, saying the limit, and stores and analyses nothing`, async () => {
    // Prepare
    s3.put(UPLOADS, UPLOAD.key, dialogue(MAX_TRANSCRIPT_TURNS + 1));
    let analyses = 0;

    // Act
    const attempt = normalize((transcript, at) => {
      analyses += 1;
      return analyzeSession(transcript, at);
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidTranscript',
      code: 'transcript_too_large',
      message: expect.stringMatching(/10,001 turns .* over the limit for one session \(10,000 turns .*send one transcript per session/),
    });
    expect(analyses).toBe(0);
    expect(s3.versionCount(ARTIFACTS, 'transcripts/acme/c1/s1.json')).toBe(0);
    expect(s3.versionCount(ARTIFACTS, 'transcripts/acme/c1/s1.analysis.json')).toBe(0);
  });

  it('stores the analysis the given analyser answers (the local runtime’s worker pool)', async () => {
    // Prepare
    s3.put(UPLOADS, UPLOAD.key, dialogue(40));
    const seen: number[] = [];

    // Act
    await normalize(async (transcript, at) => {
      seen.push(transcript.turns.length);
      return analyzeSession(transcript, at);
    });

    // Assess
    expect(seen).toEqual([40]);
    expect(JSON.parse(s3.text(ARTIFACTS, 'transcripts/acme/c1/s1.analysis.json')!).metrics).toBeDefined();
  });
});
