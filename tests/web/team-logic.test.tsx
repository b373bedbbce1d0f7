// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { sortTeamRows, teamRow, teamSessionRow } from '../../web/src/pages/team/logic.js';

const client = {
  clientId: 'jordan',
  clinicianId: 'demo',
  risk: { awaitingReview: 1, latest: { sessionId: '2026-09-29', sessionDate: '2026-09-29', summary: { highestLevel: 'none' as const, categories: [] } } },
};

describe("the supervisor's rows carry scores, levels and counts, never words", () => {
  it('a client row from the listing and the alliance series', () => {
    const row = teamRow(client, {
      scoredSessions: 5,
      series: {
        overall: { direction: 'stable', latest: 97, baseline: 96 },
        ruptureAlerts: [{}],
        flags: [{ type: 'client_resistance', severity: 'medium', sessionIds: ['a'], rationale: 'WORDS', suggestion: 'WORDS' } as never],
        risk: { alerts: [{ kind: 'escalating' }] },
      },
    });
    expect(row).toEqual({
      clientId: 'jordan',
      clinicianId: 'demo',
      scoredSessions: 5,
      latestScore: 97,
      baseline: 96,
      direction: 'stable',
      ruptureAlerts: 1,
      flags: [{ type: 'client_resistance', severity: 'medium' }],
      riskLevel: 'none',
      riskCategories: [],
      riskAlerts: 1,
      awaitingReview: 1,
    });
    expect(JSON.stringify(row)).not.toContain('WORDS');
  });

  it('a client whose alliance has not loaded, or has no series yet', () => {
    expect(teamRow(client).scoredSessions).toBeNull();
    expect(teamRow(client, { scoredSessions: 0, series: null })).toMatchObject({ scoredSessions: 0, latestScore: null, direction: null, flags: [] });
  });

  it('puts clients awaiting review and at higher risk first', () => {
    const base = teamRow(client);
    const rows = sortTeamRows([
      { ...base, clientId: 'c', awaitingReview: 0, riskLevel: 'none' },
      { ...base, clientId: 'b', awaitingReview: 0, riskLevel: 'high' },
      { ...base, clientId: 'a', awaitingReview: 2, riskLevel: 'low' },
    ]);
    expect(rows.map((row) => row.clientId)).toEqual(['a', 'b', 'c']);
  });

  it('a session row copies scores and risk levels field by field', () => {
    const row = teamSessionRow({
      sessionId: '2026-09-08',
      sessionDate: '2026-09-08',
      status: 'COMPLETED',
      overall: 94,
      dimensions: { therapeuticFramework: 87, sessionManagement: 90, therapeuticRelationship: 80, therapeuticProcess: 81, collaborativeProgress: 92, extra: 1 },
      noteSigned: false,
      awaitingReview: true,
      risk: { highestLevel: 'low', categories: ['passive_ideation'], findings: 2, assessment: 'assessed', quote: 'WORDS' } as never,
    });
    expect(row.dimensions).toEqual({
      therapeuticFramework: 87,
      sessionManagement: 90,
      therapeuticRelationship: 80,
      therapeuticProcess: 81,
      collaborativeProgress: 92,
    });
    expect(row).toMatchObject({ overall: 94, riskLevel: 'low', riskFindings: 2, riskCategories: ['passive_ideation'] });
    expect(JSON.stringify(row)).not.toContain('WORDS');
  });
});
