import { describe, expect, it } from 'vitest';
import { AllianceReportSchema, type Alliance } from '../../../schemas/alliance.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { analyzeTranscript, buildAllianceReport } from '../../../lambdas/core/alliance/engine.js';
import { scale } from '../../../lambdas/core/alliance/dimensions.js';
import { fixtureTranscript, inlineTranscript } from '../../helpers.js';

const DIMENSIONS = ['therapeuticFramework', 'sessionManagement', 'therapeuticRelationship', 'therapeuticProcess', 'collaborativeProgress'] as const;

function allEvidence(alliance: Alliance) {
  return [
    ...DIMENSIONS.flatMap((d) => alliance.dimensions[d].evidence),
    ...alliance.flags.flatMap((f) => f.evidence),
    ...alliance.ruptureMarkers.map((r) => ({ turnId: r.turnId, quote: r.quote })),
  ];
}

/** Any run of five words from the transcript that shows up in a rationale would be leaked text. */
function leakedPhrases(transcript: Transcript, text: string): string[] {
  const leaks: string[] = [];
  for (const turn of transcript.turns) {
    const words = turn.text.split(/\s+/);
    for (let i = 0; i + 5 <= words.length; i++) {
      const phrase = words.slice(i, i + 5).join(' ');
      if (text.includes(phrase)) leaks.push(phrase);
    }
  }
  return leaks;
}

describe('alliance engine', () => {
  const good = fixtureTranscript('good-alliance.txt');
  const poor = fixtureTranscript('poor-alliance.txt');

  it('scores a warm, collaborative session above a lecturing, confrontational one on every dimension', () => {
    const a = analyzeTranscript(good).alliance;
    const b = analyzeTranscript(poor).alliance;
    expect(a.overall.score!).toBeGreaterThan(b.overall.score! + 15);
    for (const d of DIMENSIONS) expect(a.dimensions[d].score!, d).toBeGreaterThan(b.dimensions[d].score!);
  });

  it('backs every score with verbatim quotes from turns that exist', () => {
    for (const transcript of [good, poor]) {
      const { alliance } = analyzeTranscript(transcript);
      const byId = new Map(transcript.turns.map((t) => [t.id, t.text]));
      for (const d of DIMENSIONS) expect(alliance.dimensions[d].evidence.length, d).toBeGreaterThan(0);
      for (const e of allEvidence(alliance)) {
        expect(byId.has(e.turnId)).toBe(true);
        expect(byId.get(e.turnId)).toContain(e.quote);
      }
    }
  });

  it('gives the poor session evidence of what went wrong: unsolicited advice and confrontation', () => {
    const { alliance } = analyzeTranscript(poor);
    expect(alliance.dimensions.therapeuticFramework.indicators.unsolicitedInput).toBeGreaterThanOrEqual(2);
    expect(alliance.dimensions.therapeuticProcess.indicators.adviceWithoutPermission).toBeGreaterThanOrEqual(2);
    expect(alliance.dimensions.therapeuticFramework.score!).toBeLessThan(50);
  });

  it('keeps transcript text out of every rationale', () => {
    for (const transcript of [good, poor]) {
      const { alliance } = analyzeTranscript(transcript);
      const rationales = [...DIMENSIONS.map((d) => alliance.dimensions[d].rationale), ...alliance.flags.map((f) => f.rationale)].join('\n');
      expect(leakedPhrases(transcript, rationales)).toEqual([]);
    }
  });

  it.each([
    ['too-short.txt', /too short/],
    ['one-speaker.txt', /one speaker/],
  ])('abstains on %s with a reason instead of a number', (file, reason) => {
    const { alliance } = analyzeTranscript(fixtureTranscript(file));
    expect(alliance.overall).toMatchObject({ score: null, abstained: true });
    expect(alliance.overall.abstentionReason).toMatch(reason);
    for (const d of DIMENSIONS) expect(alliance.dimensions[d]).toMatchObject({ score: null, abstained: true });
  });

  it('abstains when the therapist was only guessed, and not confidently', () => {
    const unsure: Transcript = { ...good, roleAssignment: { ...good.roleAssignment, method: 'inferred', confidence: 0.55 } };
    const { alliance } = analyzeTranscript(unsure);
    expect(alliance.overall.abstained).toBe(true);
    expect(alliance.overall.abstentionReason).toMatch(/could not be told/);
  });

  it('produces a schema-valid, reproducible report with provenance', () => {
    const at = new Date('2026-11-26T10:00:00Z');
    const first = buildAllianceReport('good-alliance.txt', good, at);
    const second = buildAllianceReport('good-alliance.txt', good, at);
    expect(AllianceReportSchema.parse(first)).toEqual(first);
    expect(second).toEqual(first);
    expect(first.provenance).toMatchObject({ engine: 'local', modelId: null, createdAt: '2026-11-26T10:00:00.000Z' });
    expect(first.provenance.rubricVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it('detects risk in the same pass, and in a session too short to score', () => {
    // Prepare: four turns, far below the minimum for scoring.
    const short = inlineTranscript(['Therapist: How was your week?', 'Client: I cut my arm last night.', 'Therapist: Okay.', 'Client: Yeah.']);

    // Act
    const analysis = analyzeTranscript(short);
    const report = buildAllianceReport('short.txt', short, new Date('2026-11-26T10:00:00Z'));

    // Assess
    expect(analysis.alliance.overall.abstained).toBe(true);
    expect(analysis.risk.summary).toMatchObject({ reviewRequired: true, categories: expect.arrayContaining(['self_injury']) });
    expect(analysis.risk.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ category: 'self_injury', turnId: 't0002', quote: 'I cut my arm last night.' })]),
    );
    expect(report.risk).toEqual(analysis.risk);
  });
});

describe('scale', () => {
  it('maps a value between its poor and good anchors onto 0-1, in either direction', () => {
    expect(scale(1, 0, 2)).toBe(0.5);
    expect(scale(5, 0, 2)).toBe(1);
    expect(scale(0.3, 0.3, 0.02)).toBe(0);
    expect(scale(0.02, 0.3, 0.02)).toBe(1);
  });
});
