/**
 * The supervision report names moments: a disclosure whose assessment left items unasked (with the items
 * and a question to ask), a rupture with the therapist's next response and whether it was repaired, the
 * MITI counts against their thresholds, and strengths. Safety first, then the relationship, then technique;
 * every moment cites turns that exist, and nothing of the session's text or a label about the person.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import { DimensionNameSchema } from '../../../schemas/alliance.js';
import { SUPERVISION_DIMENSIONS, SupervisionReportSchema, type SupervisionReport } from '../../../schemas/supervision.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { fixtureTranscript, inlineTranscript } from '../../helpers.js';

const CREATED_AT = new Date('2026-09-08T18:00:00Z');

function reportOf(transcript: Transcript): SupervisionReport {
  return writeSupervisionReport({ transcript, analysis: analyzeTranscript(transcript), createdAt: CREATED_AT });
}

/** Every run of four or more words of any turn: none may appear in the report. */
function sessionPhrases(transcript: Transcript): string[] {
  return transcript.turns.flatMap((t) => {
    const words = t.text.toLowerCase().match(/[a-z']+/g) ?? [];
    return words.length < 4 ? [] : words.slice(0, -3).map((_, i) => words.slice(i, i + 4).join(' '));
  });
}

function reportText(report: SupervisionReport): string {
  return JSON.stringify(report).toLowerCase().replace(/[^a-z' ]+/g, ' ').replace(/\s+/g, ' ');
}

const PARTLY_ASKED = [
  'Therapist: How have you been since we last met?',
  'Client: Honestly, pretty low. Some nights I wish I could go to sleep and not wake up.',
  'Therapist: Have you had any thoughts of killing yourself?',
  'Client: Sometimes, yes, late at night.',
  'Therapist: Okay. Let us talk about your sleep routine then.',
  'Client: Fine.',
];

const FULLY_ASKED = [
  'Therapist: How have you been since we last met?',
  'Client: Honestly, pretty low. Some nights I wish I could go to sleep and not wake up.',
  'Therapist: Thank you for telling me. Have you had any thoughts of killing yourself?',
  'Client: Sometimes, yes, late at night.',
  'Therapist: Have you thought about how you would do it?',
  'Client: No, not really.',
  'Therapist: Do you think you might act on those thoughts?',
  'Client: No. I would not do that to my kids.',
  'Therapist: Have you made any plans or done anything to get ready?',
  'Client: No, nothing like that.',
  'Therapist: Have you ever tried to end your life before?',
  'Client: No, never.',
  'Therapist: Can we write down together who you would call if the thoughts get stronger?',
  'Client: Yes, my sister.',
];

describe('writeSupervisionReport: safety', () => {
  it('names the unasked assessment items of a disclosure and offers the questions, citing the disclosure and what was asked', () => {
    // Prepare
    const transcript = inlineTranscript(PARTLY_ASKED);

    // Act
    const report = reportOf(transcript);

    // Assess
    const first = report.moments[0]!;
    expect(first).toMatchObject({ domain: 'safety', kind: 'risk_follow_up', turnId: 't0002', evidence: ['t0002', 't0003'] });
    expect(first.severity).not.toBe('low');
    expect(first.risk).toMatchObject({ domain: 'suicide', status: 'partial', asked: ['thoughts'] });
    expect(first.risk!.notAsked).toEqual(expect.arrayContaining(['intent', 'plan']));
    expect(first.what).toMatch(/intent, plan/i);
    expect(first.what).toMatch(/were not asked/);
    // The alternative asks the first unasked items (method, then intent) as a therapist would.
    expect(first.alternative).toMatch(/how you would do it\?/);
    expect(first.alternative).toMatch(/act on them\?/);
  });

  it('names a disclosure assessed in full as a strength, and does not count the assessment questions against reflective listening', () => {
    // Prepare
    const transcript = inlineTranscript(FULLY_ASKED);

    // Act
    const report = reportOf(transcript);

    // Assess
    expect(report.moments[0]).toMatchObject({ domain: 'safety', kind: 'strength', severity: 'none', alternative: null, turnId: 't0002' });
    expect(report.moments[0]!.risk?.status).toBe('assessed');
    expect(report.moments.some((m) => m.kind === 'risk_follow_up')).toBe(false);
    // Seven closed risk questions and no reflection are good care here, not a technique problem.
    expect(report.moments.filter((m) => /question/.test(m.what) && m.kind === 'technique')).toEqual([]);
    // The raw counts are still reported as counted.
    expect(report.process.questions.closed + report.process.questions.open).toBeGreaterThanOrEqual(6);
  });

  it('raises a disclosure that drew no question at all above the detector\'s low level', () => {
    // Prepare
    const transcript = fixtureTranscript('passive-ideation.txt');

    // Act
    const report = reportOf(transcript);

    // Assess
    const safety = report.moments.filter((m) => m.domain === 'safety');
    expect(safety).toHaveLength(1);
    expect(safety[0]).toMatchObject({ kind: 'risk_follow_up', severity: 'high', risk: { status: 'not_assessed', asked: [] } });
    expect(safety[0]!.what).toMatch(/No question about it was heard/);
  });
});

describe('writeSupervisionReport: relationship', () => {
  it('reports an unrepaired rupture with its turn, the therapist\'s next response and a repair to try', () => {
    // Prepare
    const transcript = fixtureTranscript('rupture-unrepaired.txt');
    const markers = analyzeTranscript(transcript).alliance.ruptureMarkers;

    // Act
    const report = reportOf(transcript);

    // Assess
    const ruptures = report.moments.filter((m) => m.kind === 'rupture');
    expect(ruptures.map((m) => m.turnId)).toEqual(expect.arrayContaining(markers.map((m) => m.turnId)));
    const confrontation = ruptures.find((m) => m.rupture!.kind === 'confrontation')!;
    expect(confrontation).toMatchObject({ severity: 'high', rupture: { repaired: false } });
    const next = confrontation.rupture!.nextTherapistTurnId!;
    expect(transcript.turns.find((t) => t.id === next)!.role).toBe('therapist');
    expect(confrontation.evidence).toEqual([confrontation.turnId, next]);
    expect(confrontation.what).toContain(`at ${next}`);
    expect(confrontation.alternative).toMatch(/more useful/);
    expect(report.alliance.ruptures).toEqual({ total: markers.length, repaired: 0 });
  });

  it('reports a repaired rupture with the repair turn and no alternative', () => {
    // Prepare
    const transcript = fixtureTranscript('rupture-repaired.txt');

    // Act
    const report = reportOf(transcript);

    // Assess
    const ruptures = report.moments.filter((m) => m.kind === 'rupture');
    expect(ruptures.length).toBeGreaterThan(0);
    for (const m of ruptures) {
      expect(m).toMatchObject({ severity: 'low', alternative: null, rupture: { repaired: true } });
      expect(m.evidence).toContain(m.rupture!.repairTurnId);
      expect(m.what).toMatch(/repaired the rupture at t\d{4} by/);
    }
  });

  it('reports a feeling the technique moved past as a missed follow-up', () => {
    // Act
    const report = reportOf(fixtureTranscript('overemphasis-on-technique.txt'));

    // Assess
    const missed = report.moments.find((m) => m.kind === 'missed_follow_up');
    expect(missed).toMatchObject({ domain: 'relationship' });
    expect(missed!.alternative).toMatch(/stay with how that felt/);
  });
});

describe('writeSupervisionReport: technique and process', () => {
  it('describes the question-to-reflection balance against the MITI thresholds at the run of questions', () => {
    // Act
    const report = reportOf(fixtureTranscript('good-alliance.txt'));

    // Assess
    const { questions, reflections, reflectionToQuestionRatio, miti } = report.process;
    expect(reflectionToQuestionRatio).toBeLessThan(1);
    expect(miti.reflectionToQuestion).toBe('below_fair');
    const asked = questions.open + questions.closed;
    const reflected = reflections.simple + reflections.complex;
    const balance = report.moments.find((m) => m.kind === 'technique' && m.what.startsWith(`${asked} questions to ${reflected} reflection`));
    expect(balance).toBeDefined();
    expect(balance!.what).toMatch(/MITI counts 1 as fair and 2 as good/);
    expect(balance!.alternative).toMatch(/reflect/i);
  });

  it('carries the metrics the engine counted', () => {
    // Prepare
    const transcript = fixtureTranscript('good-alliance.txt');
    const { metrics } = analyzeTranscript(transcript);

    // Act
    const { process } = reportOf(transcript);

    // Assess
    expect(process.talkShare.therapist.wordShare).toBe(metrics.talk.therapist.wordShare);
    expect(process.talkShare.client.words).toBe(metrics.talk.client.words);
    expect(process.questions).toMatchObject(metrics.therapist.questions);
    expect(process.reflections).toMatchObject(metrics.therapist.reflections);
    expect(process.affirmations).toBe(metrics.therapist.affirmations);
    expect(process.advice).toEqual(metrics.therapist.advice);
    expect(process.clientLanguage.changeTalk).toBe(metrics.client.changeTalk);
  });

  it('names strengths: affirmations and complex reflections', () => {
    // Act
    const report = reportOf(fixtureTranscript('good-alliance.txt'));

    // Assess
    const strengths = report.moments.filter((m) => m.kind === 'strength');
    expect(strengths.some((m) => /affirmed/.test(m.what))).toBe(true);
    expect(strengths.every((m) => m.severity === 'none' && m.alternative === null)).toBe(true);
  });
});

describe('writeSupervisionReport: the whole report', () => {
  const FIXTURES = [
    'client-resistance.txt',
    'cultural-differences.txt',
    'emotional-withdrawal.txt',
    'good-alliance.txt',
    'miscommunication.txt',
    'one-speaker.txt',
    'overemphasis-on-technique.txt',
    'passive-ideation.txt',
    'poor-alliance.txt',
    'rupture-repaired.txt',
    'rupture-unrepaired.txt',
    'therapist-burnout.txt',
    'too-short.txt',
  ];

  it.each(FIXTURES)('%s: valid, ordered safety → relationship → technique, citing turns that exist, quoting nothing', (name) => {
    // Prepare
    const transcript = fixtureTranscript(name);
    const ids = new Set(transcript.turns.map((t) => t.id));

    // Act
    const report = reportOf(transcript);

    // Assess
    expect(SupervisionReportSchema.parse(report)).toEqual(report);
    expect(report.status).toBe('draft');
    const domains = report.moments.map((m) => ['safety', 'relationship', 'technique'].indexOf(m.domain));
    expect(domains).toEqual([...domains].sort((a, b) => a - b));
    for (const m of report.moments) for (const id of m.evidence) expect(ids.has(id), `${id} in ${m.what}`).toBe(true);
    for (const s of report.alliance.summary) for (const id of s.evidence) expect(ids.has(id)).toBe(true);
    const text = reportText(report);
    for (const phrase of sessionPhrases(transcript)) expect(text, phrase).not.toContain(` ${phrase} `);
  });

  it('uses no label about the person', () => {
    // Act
    const report = reportOf(fixtureTranscript('therapist-burnout.txt'));

    // Assess
    expect(report.alliance.patterns.map((p) => p.pattern)).toContain('therapist_attention_lapses');
    expect(JSON.stringify(report)).not.toMatch(/burn ?out|poor therapist|incompetent|lazy/i);
  });

  it('is deterministic', () => {
    const transcript = fixtureTranscript('rupture-unrepaired.txt');
    expect(reportOf(transcript)).toEqual(reportOf(transcript));
  });

  it('still writes process counts and safety moments when the alliance abstains', () => {
    // Act
    const report = reportOf(fixtureTranscript('too-short.txt'));

    // Assess
    expect(report.alliance.overall.abstained).toBe(true);
    expect(report.alliance.summary.every((s) => s.kind === 'gap' && s.evidence.length === 0)).toBe(true);
    expect(Object.values(report.alliance.dimensions).every((d) => d.band === null)).toBe(true);
  });

  it('names the five dimensions exactly as the alliance does', () => {
    expect([...SUPERVISION_DIMENSIONS]).toEqual(DimensionNameSchema.options);
  });
});
