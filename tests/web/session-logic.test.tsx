// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { dimensionLabel, failureMeaning, humanize, isProcessing, processingProgress } from '../../web/src/pages/session/labels.js';
import { draftOf, emptySentences, sectionsOf } from '../../web/src/pages/session/NoteEditor.js';
import { hasRiskForReview } from '../../web/src/pages/session/RiskAlert.js';
import { citationLabel, citedTurns, formatTurnTime, turnIndexOf, turnNumber } from '../../web/src/pages/session/citations.js';
import { canSubmitSignature, needsRiskAcknowledgement, signBlocker, signRequest } from '../../web/src/pages/session/sign-rules.js';
import { firstMissing, transcriptPagePath, withPage } from '../../web/src/pages/session/transcript-pages.js';
import { estimateTurnHeight, RowHeights } from '../../web/src/pages/session/virtual.js';
import type { Turn } from '../../schemas/transcript.js';

describe('the virtual window', () => {
  it('renders only the rows that meet the viewport, with overscan either side', () => {
    const rows = new RowHeights(600, () => 50);
    expect(rows.total()).toBe(30_000);
    // 500 px of viewport at the top: rows 0-9 are visible, 3 more below.
    expect(rows.visibleRange(0, 500, 3)).toEqual({ start: 0, end: 13 });
    // Scrolled to 1,000 px: rows 20-29 visible, 17-32 rendered.
    expect(rows.visibleRange(1000, 500, 3)).toEqual({ start: 17, end: 33 });
    // A row cut by the top edge is rendered: 1,025 px starts halfway through row 20.
    expect(rows.visibleRange(1025, 500, 0)).toEqual({ start: 20, end: 31 });
  });

  it('keeps the window short at the end of a 600-row list and reaches the last row', () => {
    const rows = new RowHeights(600, () => 50);
    const range = rows.visibleRange(rows.total() - 500, 500, 5);
    expect(range).toEqual({ start: 585, end: 600 });
    expect(range.end - range.start).toBeLessThan(40);
    // Past the end (an over-scroll) still ends at the last row.
    expect(rows.visibleRange(40_000, 500, 5).end).toBe(600);
  });

  it('moves later rows when a measured row is taller than its estimate', () => {
    const rows = new RowHeights(10, () => 40);
    expect(rows.offsetOf(5)).toBe(200);
    expect(rows.set(2, 100)).toBe(60);
    expect(rows.set(2, 100)).toBe(0);
    expect(rows.offsetOf(5)).toBe(260);
    expect(rows.indexAt(139)).toBe(2);
    // Row 2 now spans 80-180: 179 is its last pixel, 180 the first of row 3.
    expect(rows.indexAt(179)).toBe(2);
    expect(rows.indexAt(180)).toBe(3);
    expect(rows.total()).toBe(460);
    // Nonsense measurements are ignored.
    expect(rows.set(-1, 10)).toBe(0);
    expect(rows.set(3, 0)).toBe(0);
  });

  it('jumps to a turn: the scroll position that puts its row at the top', () => {
    const rows = new RowHeights(600, (i) => (i % 2 === 0 ? 40 : 60));
    // Turn 300 (index 299): 149 pairs of rows before it (100 px each) and one 40 px row.
    expect(rows.scrollTopFor(299)).toBe(149 * 100 + 40);
    expect(rows.scrollTopFor(299, 16)).toBe(149 * 100 + 40 - 16);
    expect(rows.scrollTopFor(0, 16)).toBe(0);
    const range = rows.visibleRange(rows.scrollTopFor(299), 400, 2);
    expect(range.start).toBeLessThanOrEqual(299);
    expect(range.end).toBeGreaterThan(299);
  });

  it('is empty for an empty list', () => {
    const rows = new RowHeights(0, () => 50);
    expect(rows.visibleRange(0, 500, 5)).toEqual({ start: 0, end: 0 });
    expect(rows.total()).toBe(0);
  });

  it('estimates a longer turn as a taller row', () => {
    expect(estimateTurnHeight(400)).toBeGreaterThan(estimateTurnHeight(20));
    expect(estimateTurnHeight(0)).toBe(estimateTurnHeight(1));
  });
});

describe('citations and turns', () => {
  it('maps a turn id to its index in the transcript', () => {
    expect(turnIndexOf('t0001')).toBe(0);
    expect(turnIndexOf('t0012')).toBe(11);
    expect(turnIndexOf('t10000')).toBe(9999);
    expect(turnIndexOf('t0000')).toBeNull();
    expect(turnIndexOf('12')).toBeNull();
    expect(turnIndexOf('t12')).toBeNull();
    expect(turnNumber('t0600')).toBe('600');
  });

  it('orders and dedupes the cited turns', () => {
    expect(citedTurns(['t0022', 't0012', 't0022', 'x'])).toEqual([
      { id: 't0012', index: 11 },
      { id: 't0022', index: 21 },
    ]);
  });

  it('labels a citation as a reader counts turns', () => {
    expect(citationLabel(['t0012'])).toBe('turn 12');
    expect(citationLabel(['t0001', 't0002'])).toBe('turns 1, 2');
    expect(citationLabel(['t0020', 't0021', 't0022', 't0017', 't0034'])).toBe('turns 17, 20–22, 34');
    expect(citationLabel([])).toBe('');
  });

  it('formats a turn time', () => {
    expect(formatTurnTime(undefined)).toBeNull();
    expect(formatTurnTime(5)).toBe('0:05');
    expect(formatTurnTime(245.7)).toBe('4:05');
    expect(formatTurnTime(3729)).toBe('1:02:09');
  });
});

describe('transcript pages', () => {
  const turn = (i: number): Turn => ({ id: `t${String(i + 1).padStart(4, '0')}`, role: i % 2 ? 'client' : 'therapist', speaker: 'x', text: `turn ${i + 1}` });

  it('puts a page in place in a sparse array the length of the transcript', () => {
    let turns = withPage([], { turns: [0, 1, 2].map(turn), page: { turnsFrom: 0, turns: 3, totalTurns: 10 } });
    expect(turns).toHaveLength(10);
    expect(turns[2]?.id).toBe('t0003');
    expect(turns[3]).toBeUndefined();
    turns = withPage(turns, { turns: [7, 8, 9].map(turn), page: { turnsFrom: 7, turns: 3, totalTurns: 10 } });
    expect(turns[9]?.id).toBe('t0010');
    expect(firstMissing(turns, 0, 10, new Set())).toBe(3);
    expect(firstMissing(turns, 0, 3, new Set())).toBeNull();
    // A request in flight for turns 3-5 covers them; 6 is still missing.
    expect(firstMissing(turns, 0, 10, new Set([3]), 3)).toBe(6);
  });

  it('asks for a page by its first turn', () => {
    expect(transcriptPagePath('2026-09-15', 400, 200)).toBe('/sessions/2026-09-15?include=transcript&turnsFrom=400&turnsLimit=200');
  });
});

describe('the sign modal: when risk must be acknowledged', () => {
  const note = { status: 'draft' as const, reviewRequired: false, riskStatements: [] };
  const risky = { summary: { reviewRequired: true } };
  const calm = { summary: { reviewRequired: false } };
  const statement = {
    type: 'passive_ideation' as const,
    text: 'Client described passive suicidal ideation.',
    evidence: ['t0017'],
    assessedInSession: true,
    requiresClinicianReview: true as const,
  };

  it('asks for it when the note has risk statements, or the session has risk for review', () => {
    expect(needsRiskAcknowledgement(note, calm)).toBe(false);
    expect(needsRiskAcknowledgement(note, undefined)).toBe(false);
    expect(needsRiskAcknowledgement(note, risky)).toBe(true);
    expect(needsRiskAcknowledgement({ ...note, reviewRequired: true }, calm)).toBe(true);
    expect(needsRiskAcknowledgement({ ...note, riskStatements: [statement] }, calm)).toBe(true);
  });

  it('holds the Sign button until the box is ticked, and only then', () => {
    const base = { attestation: '', submitting: false };
    expect(canSubmitSignature({ ...base, needsAcknowledgement: true, acknowledged: false })).toBe(false);
    expect(canSubmitSignature({ ...base, needsAcknowledgement: true, acknowledged: true })).toBe(true);
    expect(canSubmitSignature({ ...base, needsAcknowledgement: false, acknowledged: false })).toBe(true);
    expect(canSubmitSignature({ ...base, needsAcknowledgement: false, acknowledged: false, submitting: true })).toBe(false);
    expect(canSubmitSignature({ ...base, needsAcknowledgement: false, acknowledged: false, attestation: 'x'.repeat(501) })).toBe(false);
  });

  it('sends acknowledgeRisk only when asked for, and the attestation only when written', () => {
    expect(signRequest(3, { needsAcknowledgement: true, acknowledged: true, attestation: '  ' })).toEqual({ version: 3, acknowledgeRisk: true });
    expect(signRequest(3, { needsAcknowledgement: false, acknowledged: false, attestation: ' Reviewed with the client. ' })).toEqual({
      version: 3,
      attestation: 'Reviewed with the client.',
    });
  });

  it('never offers to sign a rewritten format, an earlier version, a signed or an unwritten note', () => {
    expect(signBlocker({ note }, true)).toBeNull();
    expect(signBlocker({ note, regenerated: true }, true)).toMatch(/rewritten/);
    expect(signBlocker({ note }, false)).toMatch(/earlier version/);
    expect(signBlocker({ note, signature: {} }, true)).toMatch(/signed/);
    expect(signBlocker({ note: { ...note, status: 'unavailable' } }, true)).toMatch(/Edit/);
  });
});

describe('the note editor and the page header', () => {
  it('drafts an unwritten note with its format’s sections, and sends sentences trimmed with their citations', () => {
    const empty = draftOf({ format: 'birp', sections: [] });
    expect(empty.map((s) => s.name)).toEqual(['Behavior', 'Intervention', 'Response', 'Plan']);
    const draft = draftOf({
      format: 'soap',
      sections: [{ name: 'Subjective', heading: 'Client report', sentences: [{ text: 'Client slept badly.', kind: 'finding', evidence: ['t0002'] }] }],
    });
    draft[0]!.sentences[0]!.text = '  Client slept badly all week.  ';
    draft[0]!.sentences.push({ key: -1, text: 'Medical necessity: weekly CBT is indicated.', kind: 'gap', evidence: [] });
    expect(sectionsOf(draft)).toEqual([
      {
        name: 'Subjective',
        heading: 'Client report',
        sentences: [
          { text: 'Client slept badly all week.', kind: 'finding', evidence: ['t0002'] },
          { text: 'Medical necessity: weekly CBT is indicated.', kind: 'gap', evidence: [] },
        ],
      },
    ]);
    draft[0]!.sentences[1]!.text = '   ';
    expect([...emptySentences(draft)]).toEqual([-1]);
  });

  it('leads with risk when the session has risk for review or the note has risk statements', () => {
    const summary = { reviewRequired: false, highestLevel: 'none' as const, categories: [], assessment: 'not_applicable' as const, findings: 0, denials: 0 };
    const risk = { summary, findings: [], denials: [], episodes: [], source: 'local' as const, detectorVersion: '1' };
    expect(hasRiskForReview(risk, [])).toBe(false);
    expect(hasRiskForReview(undefined, undefined)).toBe(false);
    expect(hasRiskForReview({ ...risk, summary: { ...summary, reviewRequired: true } }, [])).toBe(true);
    expect(
      hasRiskForReview(risk, [
        { type: 'hopelessness', text: 'Client said things feel hopeless.', evidence: ['t0004'], assessedInSession: false, requiresClinicianReview: true },
      ]),
    ).toBe(true);
  });

  it('words processing and failures', () => {
    expect(processingProgress('RECEIVED')).toBeLessThan(processingProgress('ANALYZING'));
    expect(processingProgress('COMPLETED')).toBe(100);
    expect(isProcessing('TRANSCRIBING')).toBe(true);
    expect(isProcessing('FAILED')).toBe(false);
    expect(failureMeaning('corrupt_audio')).toMatch(/could not be read/);
    expect(failureMeaning('something_new')).toBeNull();
    expect(humanize('challenges_helpfulness')).toBe('Challenges helpfulness');
    expect(dimensionLabel('goalAgreement')).toBe('Goal agreement');
  });
});
