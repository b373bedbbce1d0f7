/**
 * The supervision report names moments: a disclosure whose assessment left items unasked (with the items
 * and a question to ask), a rupture with the therapist's next response and whether it was repaired, the
 * MITI counts against their thresholds, and strengths. Safety first, then the relationship, then technique;
 * every moment cites turns that exist, and nothing of the session's text or a label about the person.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { MAX_STRENGTHS } from '../../../lambdas/core/supervision/index.js';
import { DimensionNameSchema } from '../../../schemas/alliance.js';
import { SUPERVISION_DIMENSIONS, SupervisionReportSchema } from '../../../schemas/supervision.js';
import { fixtureTranscript, inlineTranscript } from '../../helpers.js';
import { expectCitedTurnsExist, expectNoLabels, expectNoSessionText, reportOf } from './helpers.js';

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
    // It cites the disclosure, the question asked and the turn where the therapist moved on.
    expect(first).toMatchObject({ domain: 'safety', kind: 'risk_follow_up', turnId: 't0002', evidence: ['t0002', 't0003', 't0005'] });
    expect(first.severity).not.toBe('low');
    expect(first.risk).toMatchObject({ domain: 'suicide', status: 'partial', asked: ['thoughts'] });
    expect(first.risk!.notAsked).toEqual(expect.arrayContaining(['intent', 'plan']));
    expect(first.what).toMatch(/intent, plan/i);
    expect(first.what).toMatch(/were not asked\. Then the therapist changed the subject, at t0005\.$/);
    // The alternative answers the change of subject, then asks the first unasked items (method, then intent) as a therapist would.
    expect(first.alternative).toMatch(/^Before changing the subject, stay with the disclosure and ask: "/);
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

  it("raises a disclosure that drew no question at all above the detector's low level", () => {
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
  it("reports an unrepaired rupture with its turn, the therapist's next response and a repair to try", () => {
    // Prepare: the alliance's reading of the fixture, with its opening confrontation left unrepaired.
    const transcript = fixtureTranscript('rupture-unrepaired.txt');
    const ruptureMarkers = [{ turnId: 't0004', kind: 'confrontation' as const, marker: 'challenges_helpfulness', repaired: false }];

    // Act
    const report = reportOf(transcript, { ruptureMarkers });

    // Assess
    const confrontation = report.moments.find((m) => m.kind === 'rupture')!;
    expect(confrontation).toMatchObject({ turnId: 't0004', severity: 'high', rupture: { repaired: false, nextTherapistTurnId: 't0005' } });
    expect(transcript.turns.find((t) => t.id === 't0005')!.role).toBe('therapist');
    expect(confrontation.evidence).toEqual(['t0004', 't0005']);
    expect(confrontation.what).toContain('at t0005');
    // "This isn't helping" straight after the grounding exercise was proposed: aimed at the task.
    expect(confrontation.rupture!.target).toBe('task');
    expect(confrontation.alternative).toMatch(/grounding exercise/);
    expect(confrontation.alternative).toMatch(/What would be more useful\?/);
    expect(report.alliance.ruptures).toEqual({ total: 1, repaired: 0 });
  });

  it('names a repaired rupture as a strength, with the repair turn and its move, and no alternative', () => {
    // Prepare
    const transcript = fixtureTranscript('rupture-repaired.txt');

    // Act
    const report = reportOf(transcript);

    // Assess
    const ruptures = report.moments.filter((m) => m.rupture !== undefined);
    expect(ruptures.length).toBeGreaterThan(0);
    for (const m of ruptures) {
      expect(m).toMatchObject({ kind: 'strength', severity: 'none', alternative: null, rupture: { repaired: true } });
      expect(m.rupture!.repairKind).toBeDefined();
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
    // Written for that moment: the feeling the client named, and the task the therapist went on with.
    expect(missed!.alternative).toMatch(/: "That sounds [^"]+\. Before we go on with the [a-z ]+, can we stay with [^"]+ for a moment\?/);
  });
});

describe('writeSupervisionReport: technique and process', () => {
  it('describes the question-to-reflection balance against the MITI thresholds at the run of questions, in an MI session', () => {
    // Prepare
    const transcript = inlineTranscript([
      'Therapist: How much have you been drinking this month?',
      'Client: Most nights, maybe four or five beers.',
      'Therapist: When do you usually start?',
      'Client: After work, as soon as I get home.',
      'Therapist: Do you drink alone?',
      'Client: Mostly, yes.',
      'Therapist: How do you feel the next morning?',
      'Client: Tired, and a bit ashamed if I am honest.',
      'Therapist: Have you tried to cut down before?',
      'Client: Once, last year, for a month.',
    ]);

    // Act
    const report = reportOf(transcript, { modality: 'mi' });

    // Assess
    const { questions, reflections, reflectionToQuestionRatio, miti } = report.process;
    expect(reflectionToQuestionRatio).toBeLessThan(1);
    expect(miti?.reflectionToQuestion).toBe('below_fair');
    const asked = questions.open + questions.closed;
    const reflected = reflections.simple + reflections.complex;
    const balance = report.moments.find((m) => m.kind === 'technique' && m.what.startsWith(`${asked} questions to ${reflected} reflection`));
    expect(balance).toBeDefined();
    expect(balance!.what).toMatch(/MITI counts 1 as fair and 2 as good/);
    expect(balance!.what).toMatch(/From t0001 to t0009 the therapist asked 5 questions in a row/);
    // At the second question, after the first answer, about the drinking the client described.
    expect(balance!.alternative).toMatch(/^At t0003, before the next question, reflect the answer you just heard about the drinking:/);
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

  it('names strengths, at most three, with no alternative', () => {
    // Act
    const report = reportOf(fixtureTranscript('good-alliance.txt'));

    // Assess
    const strengths = report.moments.filter((m) => m.kind === 'strength');
    expect(strengths.length).toBeGreaterThanOrEqual(1);
    expect(strengths.length).toBeLessThanOrEqual(MAX_STRENGTHS);
    expect(strengths.every((m) => m.severity === 'none' && m.alternative === null && m.title !== undefined)).toBe(true);
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

  it.each(FIXTURES)('%s: valid, ordered safety → relationship → technique, citing turns that exist, quoting nothing, labelling no one', (name) => {
    // Prepare
    const transcript = fixtureTranscript(name);

    // Act
    const report = reportOf(transcript);

    // Assess
    expect(SupervisionReportSchema.parse(report)).toEqual(report);
    expect(report.status).toBe('draft');
    const domains = report.moments.map((m) => ['safety', 'relationship', 'technique'].indexOf(m.domain));
    expect(domains).toEqual([...domains].sort((a, b) => a - b));
    expect(report.summary!.length).toBeGreaterThanOrEqual(1);
    expectCitedTurnsExist(transcript, report);
    expectNoSessionText(transcript, report);
    expectNoLabels(report);
  });

  it('uses no label about the person', () => {
    // Act
    const report = reportOf(fixtureTranscript('therapist-burnout.txt'));

    // Assess
    expect(report.alliance.patterns.every((p) => p.pattern !== ('therapist_burnout' as string))).toBe(true);
    expectNoLabels(report);
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
    expect(report.summary![0]).toMatchObject({ kind: 'gap', evidence: [] });
    expect(report.summary![0]!.text).toMatch(/^The alliance was not rated \(the session is too short/);
  });

  it('names the five dimensions exactly as the alliance does', () => {
    expect([...SUPERVISION_DIMENSIONS]).toEqual(DimensionNameSchema.options);
  });
});
