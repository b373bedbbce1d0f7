// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { DeletionReceipt } from '../../schemas/api.js';
import { clientRemovals, confirmationMatches, receiptJson, receiptLines, retryAfterSeconds, sessionRemovals } from '../../web/src/pages/erase/logic.js';

const session = { kind: 'session', sessionId: '46c89a59-c520-4352-af22-241a5dd8c116', clientId: 'p3probe' } as const;
const client = { kind: 'client', clientId: 'jordan' } as const;

describe('the erase button is enabled only by typing the exact id', () => {
  it('a session is confirmed by its session id, a client by its client id', () => {
    expect(confirmationMatches(session.sessionId, session)).toBe(true);
    expect(confirmationMatches('p3probe', session)).toBe(false);
    expect(confirmationMatches('jordan', client)).toBe(true);
  });

  it('nothing near the id confirms: a prefix, other case, spaces around it, empty', () => {
    for (const typed of ['jorda', 'Jordan', 'JORDAN', ' jordan', 'jordan ', 'jordan\n', '', 'jordanx']) {
      expect(confirmationMatches(typed, client), JSON.stringify(typed)).toBe(false);
    }
  });
});

describe('what will be removed is named before erasing', () => {
  it('a client: its session count, then notes, the trends, the plan and the measures', () => {
    const lines = clientRemovals(['2026-09-01', '2026-09-08']);
    expect(lines[0]).toBe('2 sessions, each with its note, transcript, recording and analysis');
    expect(lines.join('\n')).toMatch(/treatment plan/);
    expect(lines.join('\n')).toMatch(/measures/);
    expect(clientRemovals(['a'])[0]).toMatch(/^1 session,/);
  });

  it('a session: every note version, the transcript, the recording when it had one, the analysis', () => {
    const fromText = sessionRemovals({ status: 'COMPLETED', noteVersion: 3, timings: { NormalizeTranscript: 53 } });
    expect(fromText[0]).toBe('The progress note (all 3 versions, signed or not)');
    expect(fromText).toContain('The transcript');
    expect(fromText).toContain('The recording, if any was uploaded');
    const recorded = sessionRemovals({
      status: 'COMPLETED',
      noteVersion: 1,
      timings: { StartTranscription: 10, WaitForTranscript: 900, NormalizeTranscript: 40 },
    });
    expect(recorded).toContain('The recording, and every stored version of it');
    expect(sessionRemovals({ status: 'AWAITING_UPLOAD' })[0]).toBe('The progress note, if one was written');
  });
});

describe('a 409 names the wait', () => {
  it('reads Retry-After when the error carries it, 30 s otherwise', () => {
    expect(retryAfterSeconds({ retryAfter: 12 })).toBe(12);
    expect(retryAfterSeconds({ retryAfter: '45' })).toBe(45);
    expect(retryAfterSeconds({ headers: new Headers({ 'retry-after': '7' }) })).toBe(7);
    expect(retryAfterSeconds({ headers: { 'retry-after': '9' } })).toBe(9);
    expect(retryAfterSeconds(new Error('x'))).toBe(30);
    expect(retryAfterSeconds({ retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' })).toBe(30);
  });
});

// A receipt as DELETE /sessions/{id} answered it on the local server.
const receipt: DeletionReceipt = {
  receiptId: 'e4c2570a-215f-4928-b0ff-9039232b8846',
  tenantId: 'local',
  scope: 'session',
  clientId: 'p3probe',
  sessionIds: ['46c89a59-c520-4352-af22-241a5dd8c116'],
  requestedBy: 'demo',
  deletedAt: '2026-12-07T12:32:14.301Z',
  removed: {
    sessionRecords: 1,
    clientRecords: 0,
    artifacts: [
      { kind: 'alliance', key: 'alliance/local/p3probe/46c89a59-c520-4352-af22-241a5dd8c116.json', versions: 1 },
      { kind: 'note', key: 'notes/local/p3probe/46c89a59-c520-4352-af22-241a5dd8c116.json', versions: 1 },
      { kind: 'transcript', key: 'transcripts/local/p3probe/46c89a59-c520-4352-af22-241a5dd8c116.analysis.json', versions: 1 },
      { kind: 'transcript', key: 'transcripts/local/p3probe/46c89a59-c520-4352-af22-241a5dd8c116.json', versions: 1 },
    ],
    uploadVersions: 0,
    idempotencyRecords: 1,
  },
  sha256: '27207d5e2ebeb120b2a7e986e821186f5ba81ae20ca7c1c789397ec39514cbf7',
};

describe('the receipt says what was removed, with counts', () => {
  it('counts files by kind and leaves out what was not there', () => {
    expect(receiptLines(receipt)).toEqual([
      { what: 'Sessions', count: 1 },
      { what: 'Session records', count: 1 },
      { what: 'Analysis files', count: 1 },
      { what: 'Note files', count: 1 },
      { what: 'Transcript files', count: 2 },
      { what: 'Retry (idempotency) records', count: 1 },
    ]);
  });

  it("a client's receipt counts the recording versions, plan records and measures", () => {
    const lines = receiptLines({
      ...receipt,
      scope: 'client',
      sessionIds: ['a', 'b'],
      removed: {
        ...receipt.removed,
        artifacts: [{ kind: 'upload', key: 'uploads/x.wav', versions: 2 }],
        uploadVersions: 2,
        clientRecords: 1,
        planRecords: 3,
        measureRecords: 0,
      },
    });
    expect(lines).toContainEqual({ what: 'Sessions', count: 2 });
    expect(lines).toContainEqual({ what: 'Recording versions', count: 2 });
    expect(lines).toContainEqual({ what: 'Treatment plan records', count: 3 });
    expect(lines.map((line) => line.what)).not.toContain('Entered measures');
  });

  it('the copied JSON is the receipt itself, so its SHA-256 can be checked', () => {
    expect(JSON.parse(receiptJson(receipt))).toEqual(receipt);
  });
});
