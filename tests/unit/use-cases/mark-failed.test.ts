import { describe, expect, it } from 'vitest';
import { markSessionFailed } from '../../../lambdas/use-cases/mark-failed.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { FakeSessionRepository } from '../handlers/fake-session-repository.js';

const NOW = new Date('2025-03-14T12:00:00Z');
const SESSION = { tenantId: 'acme', clientId: 'c1', sessionId: 's1' };
const KEY = { tenantId: 'acme', sessionId: 's1' };
const INTERRUPTED = { code: 'interrupted', message: 'processing was interrupted; run it again' };

function seeded(status: SessionRecord['status'], executionId = 'exec-1'): FakeSessionRepository {
  const sessions = new FakeSessionRepository(() => NOW);
  sessions.seed({ ...SESSION, status, executionId, sessionDate: null, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), timings: {} });
  return sessions;
}

describe('marking a session failed (MarkFailed and the local runtime)', () => {
  it('records the reason and answers the failed event with ids and the code only', async () => {
    // Prepare
    const sessions = seeded('TRANSCRIBING');

    // Act
    const event = await markSessionFailed({ sessions }, SESSION, INTERRUPTED);

    // Assess
    expect((await sessions.get(KEY))?.failure).toEqual(INTERRUPTED);
    expect(event).toEqual({ ...SESSION, status: 'FAILED', failureCode: 'interrupted' });
  });

  it('leaves a COMPLETED session completed and tells no subscriber it failed', async () => {
    // Prepare
    const sessions = seeded('COMPLETED');

    // Act
    const event = await markSessionFailed({ sessions }, SESSION, INTERRUPTED);

    // Assess
    expect((await sessions.get(KEY))?.status).toBe('COMPLETED');
    expect(event).toBeNull();
  });

  it("changes nothing for a stopped execution that does not own the session (a redelivered duplicate's)", async () => {
    // Prepare
    const sessions = seeded('TRANSCRIBING', 'exec-first');

    // Act
    const event = await markSessionFailed({ sessions }, SESSION, INTERRUPTED, { onlyIfUnfinishedBy: 'exec-duplicate' });

    // Assess
    expect((await sessions.get(KEY))?.status).toBe('TRANSCRIBING');
    expect(event).toBeNull();
  });

  it('keeps the first reason of a session that had already failed when its execution is stopped', async () => {
    // Prepare
    const sessions = seeded('TRANSCRIBING');
    await sessions.fail(KEY, { code: 'invalid_transcript', message: 'the transcript could not be read' });

    // Act
    const event = await markSessionFailed({ sessions }, SESSION, INTERRUPTED, { onlyIfUnfinishedBy: 'exec-1' });

    // Assess
    expect((await sessions.get(KEY))?.failure?.code).toBe('invalid_transcript');
    expect(event).toBeNull();
  });
});
