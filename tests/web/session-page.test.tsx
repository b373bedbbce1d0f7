// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../schemas/api.js';
import { type Api, ApiContext, ApiError } from '../../web/src/api.js';
import { SessionContext } from '../../web/src/auth.js';
import { NavProvider, type Route } from '../../web/src/nav.js';
import { SessionPage } from '../../web/src/pages/SessionPage.js';

afterEach(cleanup);

const base = {
  tenantId: 'local',
  clientId: 'c1',
  sessionId: 's1',
  sessionDate: '2026-09-15',
  createdAt: '2026-12-07T12:00:00Z',
  updatedAt: '2026-12-07T12:00:00Z',
  timings: {},
};

const dimension = (score: number | null) => ({ score, abstained: score === null, rationale: 'Counted.', indicators: {}, evidence: [{ turnId: 't0003' }] });

/** What a supervisor gets for a session with risk: no note, no transcript, no quote anywhere. */
const supervisorView = {
  ...base,
  status: 'COMPLETED',
  noteVersion: 1,
  alliance: {
    overall: { score: 80, abstained: false },
    dimensions: {
      therapeuticFramework: dimension(80),
      sessionManagement: dimension(70),
      therapeuticRelationship: dimension(null),
      therapeuticProcess: dimension(55),
      collaborativeProgress: dimension(40),
    },
    flags: [
      {
        type: 'emotional_withdrawal',
        severity: 'medium',
        rationale: 'Short answers in 4 turns.',
        evidence: [{ turnId: 't0016' }],
        suggestion: 'Come back to it.',
      },
    ],
    ruptureMarkers: [{ turnId: 't0012', kind: 'confrontation', marker: 'challenges_helpfulness', repaired: false }],
  },
  risk: {
    summary: { reviewRequired: true, highestLevel: 'moderate', categories: ['passive_ideation'], assessment: 'partial', findings: 1, denials: 0 },
    findings: [{ category: 'passive_ideation', level: 'moderate', cssrsLevel: 1, recency: 'current', turnId: 't0017', uncertain: false }],
    denials: [],
    episodes: [],
    source: 'local',
    detectorVersion: '1',
  },
};

function fakeApi(answer: (path: string, calls: number) => unknown): Api {
  let calls = 0;
  const refuse = () => Promise.reject(new ApiError({ type: 'about:blank', title: 'Not here', status: 500 }));
  return {
    async get<T>(path: string) {
      calls += 1;
      const body = answer(path, calls);
      if (body instanceof ApiError) throw body;
      return body as T;
    },
    getText: refuse,
    send: refuse,
    upload: refuse,
  };
}

function renderPage(api: Api, roles: Role[], route: Route = { page: 'session', sessionId: 's1' }) {
  return render(
    <SessionContext.Provider value={{ user: 'u', tenant: 'local', roles, signOut: () => {} }}>
      <ApiContext.Provider value={api}>
        <NavProvider initial={route}>
          <SessionPage />
        </NavProvider>
      </ApiContext.Provider>
    </SessionContext.Provider>,
  );
}

describe('the session page', () => {
  it('follows a session while it is processing, with its progress, until it completes', async () => {
    // Arrange: analysing on the first read, completed (without a note yet) on the next
    const api = fakeApi((path, calls) => {
      if (path.startsWith('/sessions/s1/supervision')) return new ApiError({ type: 'about:blank', title: 'Not found', status: 404 });
      return calls === 1 ? { ...base, status: 'ANALYZING' } : { ...base, status: 'COMPLETED' };
    });

    // Act
    renderPage(api, ['supervisor']);

    // Assess
    expect((await screen.findAllByText('Analysing the session and writing the note')).length).toBeGreaterThan(0);
    expect(screen.getByRole('progressbar')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('Completed')).toBeTruthy(), { timeout: 6000 });
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it("says what a failure's code means, with the API's own message", async () => {
    // Arrange
    const api = fakeApi(() => ({ ...base, status: 'FAILED', failure: { code: 'corrupt_audio', message: 'the file is not a valid WAV/FLAC recording' } }));

    // Act
    renderPage(api, ['clinician']);

    // Assess
    expect(await screen.findByText('Processing failed')).toBeTruthy();
    expect(screen.getByText(/The recording could not be read/)).toBeTruthy();
    expect(screen.getByText(/code corrupt_audio/)).toBeTruthy();
  });

  it("renders a supervisor's answer (no note, transcript or quotes) with risk first, scores and flags, and no transcript", async () => {
    // Arrange
    const api = fakeApi((path) => (path === '/sessions/s1' ? supervisorView : new ApiError({ type: 'about:blank', title: 'Not found', status: 404 })));

    // Act
    renderPage(api, ['supervisor']);
    await screen.findByText('The note is not available to supervisors');
    fireEvent.click(screen.getByRole('tab', { name: 'Alliance' }));

    // Assess
    expect(screen.getByText(/^Risk for clinician review/)).toBeTruthy();
    expect(screen.getByText('Therapeutic framework')).toBeTruthy();
    expect(screen.getAllByText('Not scored').length).toBeGreaterThan(0);
    expect(screen.getByText('Emotional withdrawal')).toBeTruthy();
    // Citations are plain turn numbers for a supervisor: nothing to open.
    expect(screen.queryAllByRole('button', { name: /in the transcript$/ })).toEqual([]);
    expect(screen.queryByRole('region', { name: /^Transcript/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Erase session' })).toBeNull();
  });

  it('shows the API problem, never a blank page, when the session cannot be read', async () => {
    // Arrange
    const api = fakeApi(
      () =>
        new ApiError({
          type: 'https://attune.dev/problems/not-found',
          title: 'Not found',
          status: 404,
          detail: 'no session with this id exists, or it is not one of yours',
        }),
    );

    // Act
    renderPage(api, ['clinician']);

    // Assess
    expect(await screen.findByText('no session with this id exists, or it is not one of yours')).toBeTruthy();
  });

  it("opens the transcript at the turn another page's citation named, highlighted and focused", async () => {
    // Arrange: a completed session with a note and a 40-turn transcript
    const turns = Array.from({ length: 40 }, (_, i) => ({
      id: `t${String(i + 1).padStart(4, '0')}`,
      role: i % 2 ? 'client' : 'therapist',
      speaker: i % 2 ? 'Client' : 'Therapist',
      text: `Turn ${i + 1}.`,
    }));
    const note = {
      format: 'soap',
      status: 'draft',
      sessionFacts: { date: '2026-09-15', durationMinutes: null, participants: [], turns: 40 },
      sections: [{ name: 'Subjective', sentences: [{ text: 'Client slept badly.', kind: 'finding', evidence: ['t0007'] }] }],
      riskStatements: [],
      reviewRequired: false,
      homework: [],
      planForNextSession: [],
      allianceSummary: [],
      provenance: {
        engine: 'local',
        engineVersion: '1',
        modelId: null,
        rubricVersion: 'x',
        createdAt: '2026-12-07T12:00:00Z',
        status: 'ok',
        droppedEvidence: 0,
      },
    };
    const session = { ...base, status: 'COMPLETED', note, noteVersion: 1 };
    const api = fakeApi((path) => {
      if (path.startsWith('/sessions/s1?include=transcript')) {
        return {
          ...session,
          transcript: {
            format: 'text',
            turns,
            roleAssignment: { method: 'explicit', confidence: 1, speakers: {}, basis: 'labels' },
            timed: false,
            warnings: [],
            page: { turnsFrom: 0, turns: 40, totalTurns: 40 },
          },
        };
      }
      if (path === '/sessions/s1/note') return { sessionId: 's1', version: 1, note, regenerated: false };
      if (path === '/sessions/s1') return session;
      return new ApiError({ type: 'about:blank', title: 'Not found', status: 404 });
    });

    // Act
    renderPage(api, ['clinician'], { page: 'session', sessionId: 's1', turnId: 't0007' });

    // Assess
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.turnId).toBe('t0007'), { timeout: 5000 });
    expect((document.activeElement as HTMLElement).dataset.cited).toBe('true');
    expect(await screen.findByRole('button', { name: 'Show turn 7 in the transcript' })).toBeTruthy();
  });
});
