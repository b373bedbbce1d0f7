/**
 * The supervision report made useful (issue 13): each moment's alternative is written for that moment (its
 * marker and target, the task or feeling in play, what the therapist did next, the modality); technique follows
 * the modality's norms (MITI thresholds for MI-like work only; agenda and feedback for CBT, side effects and
 * shared decisions for a medication follow-up, validation and risk assessment for crisis work); strengths are
 * named; a summary for the supervisor leads; a missed risk follow-up always comes first; no label about a person.
 */
import { describe, expect, it } from 'vitest';
import { bandOf, MAX_MOMENTS, MAX_STRENGTHS } from '../../../lambdas/core/supervision/index.js';
import { selectMoments } from '../../../lambdas/core/supervision/select.js';
import { BAND_MEANING } from '../../../lambdas/core/supervision/summary.js';
import { allianceBandOf, AllianceBandSchema, FlagTypeSchema, ModalitySchema, type DimensionScore } from '../../../schemas/alliance.js';
import { SupervisionBandSchema, SupervisionModalitySchema, SupervisionReportSchema, type SupervisionMoment } from '../../../schemas/supervision.js';
import { fixtureTranscript } from '../../helpers.js';
import { makeTranscript } from '../alliance/make-transcript.js';
import { expectCitedTurnsExist, expectNoLabels, expectNoSessionText, reportOf } from './helpers.js';

/** A CBT session with two confrontations: one at the thought record (the task), one at the therapist. */
const TWO_RUPTURES = makeTranscript(`
Therapist: Last week we started a thought record. Shall we go through it together?
Client: I only did one line of it.
Therapist: Today I'd like us to finish the thought record and rate the belief from zero to a hundred.
Client: Honestly, this isn't helping. I'm still anxious every day.
Therapist: Let's just finish the thought record first, then we can talk.
Client: Okay.
Therapist: What was the automatic thought on Tuesday?
Client: That everyone at work thinks I'm useless.
Therapist: And how strongly did you believe it?
Client: You keep asking me questions and you don't even care how I feel.
Therapist: What would the evidence against it be?
Client: I don't know.
`);

/** Nine questions, no reflection: the same counts read as MI and as CBT. */
const QUESTIONS = makeTranscript(`
Therapist: How was your week?
Client: Busy. Work was stressful and I did not sleep much.
Therapist: How many nights did you sleep badly?
Client: Four, maybe five.
Therapist: What time did you go to bed?
Client: Around midnight most nights.
Therapist: Did you try the wind-down routine we planned?
Client: Twice. It helped the second time.
Therapist: What was different the second time?
Client: I left my phone in the kitchen.
Therapist: Could you do that every night this week?
Client: I think so, yes.
Therapist: What might get in the way?
Client: Checking work emails late.
Therapist: How will you handle the emails?
Client: I could switch notifications off after nine.
Therapist: Shall we write that down as the plan?
Client: Yes, let's do that.
`);

/** Crisis work: every screener item asked, means restricted, a safety plan made, distress validated. */
const CRISIS = makeTranscript(`
Therapist: I'm glad you called. What's happening for you right now?
Client: I can't do this anymore. I've been thinking about killing myself all day.
Therapist: That sounds incredibly painful, and I'm really glad you reached out. Are you having thoughts of killing yourself right now?
Client: Yes, they keep coming back, every hour or so.
Therapist: Have you thought about how you would do it?
Client: I have a lot of pills at home.
Therapist: Do you think you might act on those thoughts tonight?
Client: I don't know. Maybe.
Therapist: Have you worked out when or where you would do it?
Client: No, not really a plan.
Therapist: Have you done anything to get ready, like collecting pills or writing a note?
Client: No, nothing like that.
Therapist: Have you ever tried to end your life before?
Client: Once, two years ago.
Therapist: Are you safe right now? Is anyone with you?
Client: My roommate is home.
Therapist: Could your roommate hold on to the pills tonight, so they are harder to get to?
Client: Yes, I can ask her.
Therapist: It makes sense that you feel overwhelmed with everything that's happened. What has kept you going so far?
Client: My dog, and my sister.
Therapist: Can we write down together what you will do, and who you will call, if the thoughts get stronger tonight?
Client: I'll call my sister, and this line.
`);

/** A rupture early, then a disclosure asked about once before the subject changed. */
const RUPTURE_THEN_DISCLOSURE = makeTranscript(`
Therapist: How have you been since we last met?
Client: Honestly, this isn't helping. Nothing we do changes anything.
Therapist: Let us look at your sleep diary then.
Client: Fine. Some nights I wish I could go to sleep and not wake up.
Therapist: Have you had any thoughts of killing yourself?
Client: Sometimes, late at night.
Therapist: Okay. How many hours did you sleep on Tuesday?
Client: About four.
Therapist: And on Wednesday?
Client: Maybe five.
`);

/** A medication follow-up: side effects moved past, a dose change set out without the client's view. */
const MEDICATION_REVIEW = makeTranscript(`
Therapist: Good to see you again. How have things been on the sertraline since we last met?
Client: My mood is a bit better, but the side effects are getting to me. I feel sick most mornings.
Therapist: Your blood tests came back normal, so that is good news.
Client: Okay. But the nausea is really hard at work.
Therapist: I think we should increase the dose to 100 mg from Monday.
Client: Right.
Therapist: Take it with breakfast. Any other questions about the medication?
Client: How long until it works?
Therapist: Usually four to six weeks at the new dose. I will send the prescription to your pharmacy.
Client: Okay, thanks.
Therapist: We will check in again in a month to see how the higher dose is going.
Client: Fine.
`);

/** The same follow-up done well: the side effects heard out, the options offered and the client's view asked. */
const SHARED_REVIEW = makeTranscript(`
Therapist: Good to see you again. How have things been on the sertraline since we last met?
Client: My mood is a bit better, but the side effects are getting to me. I feel sick most mornings.
Therapist: The nausea has been really wearing you down. Tell me more about what the mornings have been like on the medication.
Client: I feel queasy until lunch, and I worry about it at work.
Therapist: That sounds hard to keep going with. We have a few options with the medication: stay on 50 mg and take the tablet with food, or try a different medication. What do you think would suit you?
Client: I would like to try taking the tablet with food first.
Therapist: That sounds like a sensible plan for the dose. Shall we check in again in two weeks to see how the side effects are?
Client: Yes, that works for me.
Therapist: How has today been for you?
Client: Helpful, thanks. I feel listened to about the medication.
`);

const UNREPAIRED = { kind: 'confrontation', repaired: false } as const;

describe('alternatives written for the moment', () => {
  it('gives two ruptures with different targets different alternatives, each built from what happened there', () => {
    // Prepare
    const reading = {
      modality: 'cbt' as const,
      ruptureMarkers: [
        { turnId: 't0004', marker: 'challenges_helpfulness', target: 'task' as const, ...UNREPAIRED },
        { turnId: 't0010', marker: 'criticises_therapist', target: 'therapist' as const, ...UNREPAIRED },
      ],
    };

    // Act
    const report = reportOf(TWO_RUPTURES, reading);

    // Assess
    const atTask = report.moments.find((m) => m.turnId === 't0004' && m.kind === 'rupture')!;
    const atTherapist = report.moments.find((m) => m.turnId === 't0010' && m.kind === 'rupture')!;
    expect(atTask.rupture).toMatchObject({ target: 'task', nextTherapistTurnId: 't0005' });
    expect(atTherapist.rupture).toMatchObject({ target: 'therapist', nextTherapistTurnId: 't0011' });
    expect(atTask.alternative).not.toBe(atTherapist.alternative);
    // The therapist went on with the thought record: pause it and own the push; CBT sets the agenda again.
    expect(atTask.alternative).toMatch(
      /^Pause the thought record and name it: "I've been pushing the thought record, and it sounds like it isn't fitting what you need today\. What would be more useful\?/,
    );
    expect(atTask.alternative).toMatch(/set the agenda again together/);
    // The therapist had been asking and went on asking: name it instead of the next question, and own the questions.
    expect(atTherapist.alternative).toMatch(
      /^Instead of the next question, name what just happened: "You're right to tell me, and I think I have been asking question after question\./,
    );
    expect(atTask.what).toContain('aimed at the task, the thought record');
    expectNoSessionText(TWO_RUPTURES, report);
  });

  it('reads the target itself when the alliance gives none (results written before targets)', () => {
    // Prepare: the same markers, without `target`.
    const reading = {
      ruptureMarkers: [
        { turnId: 't0004', marker: 'challenges_helpfulness', ...UNREPAIRED },
        { turnId: 't0010', marker: 'criticises_therapist', ...UNREPAIRED },
      ],
    };

    // Act
    const report = reportOf(TWO_RUPTURES, reading);

    // Assess: "this isn't helping" straight after the thought record was proposed is about the task.
    const targets = report.moments.filter((m) => m.kind === 'rupture').map((m) => [m.turnId, m.rupture!.target]);
    expect(targets).toEqual(
      expect.arrayContaining([
        ['t0004', 'task'],
        ['t0010', 'therapist'],
      ]),
    );
  });

  it('names a repaired rupture as a strength, with its repair move', () => {
    // Prepare
    const reading = {
      ruptureMarkers: [
        {
          turnId: 't0004',
          marker: 'challenges_helpfulness',
          target: 'task' as const,
          kind: 'confrontation' as const,
          repaired: true,
          repairTurnId: 't0005',
          repairKind: 'changing_course' as const,
        },
      ],
    };

    // Act
    const report = reportOf(TWO_RUPTURES, reading);

    // Assess
    const repaired = report.moments.find((m) => m.turnId === 't0004')!;
    expect(repaired).toMatchObject({
      kind: 'strength',
      severity: 'none',
      alternative: null,
      rupture: { repaired: true, repairTurnId: 't0005', repairKind: 'changing_course' },
    });
    expect(repaired.what).toMatch(/repaired the rupture at t0005 by changing course/);
  });
});

describe('technique follows the modality', () => {
  it('does not tell a CBT session to reflect more for asking more, while an MI session with the same counts hears the MITI reference', () => {
    // Act
    const asMi = reportOf(QUESTIONS, { modality: 'mi' });
    const asCbt = reportOf(QUESTIONS, { modality: 'cbt' });

    // Assess
    expect(asMi.process.questions).toEqual(asCbt.process.questions);
    const reflectMore = (m: SupervisionMoment) => m.kind === 'technique' && /reflect/i.test(`${m.what} ${m.alternative}`);
    const mi = asMi.moments.find(reflectMore);
    expect(mi?.what).toMatch(/9 questions to 0 reflections .*as MI reference points, MITI counts 1 as fair and 2 as good/);
    expect(asMi.process.miti).toMatchObject({ reflectionToQuestion: 'below_fair' });
    expect(asCbt.moments.filter(reflectMore)).toEqual([]);
    expect(JSON.stringify(asCbt.moments)).not.toMatch(/MITI/);
    expect(asCbt.process.miti).toBeUndefined();
    // CBT is judged by its own practice instead: the agenda set with the client and feedback asked for.
    expect(asCbt.moments.map((m) => m.title)).toEqual(expect.arrayContaining(['no agenda set with the client', 'no feedback asked for on the session']));
    expect(asCbt.modality).toEqual({ kind: 'cbt', confidence: 0.9 });
  });

  it("names a crisis session's thorough risk questions as a strength, and never counts them against the therapist", () => {
    // Act
    const report = reportOf(CRISIS, { modality: 'crisis' });

    // Assess
    expect(report.moments[0]).toMatchObject({ domain: 'safety', kind: 'strength', turnId: 't0002', risk: { status: 'assessed', notAsked: [] } });
    expect(report.moments.some((m) => m.kind === 'risk_follow_up')).toBe(false);
    expect(report.moments.filter((m) => m.kind === 'technique')).toEqual([]);
    expect(report.moments.some((m) => m.kind === 'strength' && /validated the client's distress/.test(m.what))).toBe(true);
    expect(report.summary![0]!.text).toMatch(/crisis work, judged by risk assessment, safety planning and validation/);
    expect(report.summary!.at(-1)!.text).toMatch(/^A strength to keep: the disclosure of .* at t0002, assessed in full\.$/);
  });

  it('judges a medication follow-up by side effects heard and decisions shared', () => {
    // Act
    const moved = reportOf(MEDICATION_REVIEW, { modality: 'psychiatric' });
    const shared = reportOf(SHARED_REVIEW, { modality: 'psychiatric' });

    // Assess
    const sideEffects = moved.moments.find((m) => m.title?.startsWith('a side-effect concern at t0002'))!;
    expect(sideEffects).toMatchObject({ kind: 'technique', evidence: ['t0002', 't0003'] });
    expect(sideEffects.alternative).toMatch(/^At t0003, stay with the concern before the plan/);
    expect(moved.moments.find((m) => m.turnId === 't0005' && m.kind === 'technique')?.alternative).toMatch(/offer the options and ask/);
    expect(moved.moments.some((m) => /reflections per question/.test(m.what))).toBe(false);
    const strengths = shared.moments.filter((m) => m.kind === 'strength').map((m) => m.title);
    expect(strengths).toEqual(expect.arrayContaining(['a side-effect concern heard out at t0003', 'a medication change decided with the client at t0005']));
    expect(shared.moments.filter((m) => m.kind !== 'strength')).toEqual([]);
  });
});

describe('the summary for the supervisor', () => {
  it.each([
    ['good-alliance.txt', fixtureTranscript('good-alliance.txt')],
    ['poor-alliance.txt', fixtureTranscript('poor-alliance.txt')],
    ['nine questions', QUESTIONS],
  ])('%s: names the band and its meaning first, then the first thing to discuss and a strength, each citing turns', (_, transcript) => {
    // Act
    const report = reportOf(transcript);

    // Assess
    const summary = report.summary!;
    const score = report.alliance.overall.score!;
    const band = allianceBandOf(score)!;
    expect(summary.length).toBeGreaterThanOrEqual(2);
    expect(summary.length).toBeLessThanOrEqual(4);
    expect(summary[0]!.text.startsWith(`The alliance was ${band} (${score}/100), ${BAND_MEANING[band]}`)).toBe(true);
    expect(report.alliance.overall.band).toBe(band);
    const first = report.moments.find((m) => m.kind !== 'strength');
    if (first) expect(summary[1]).toEqual({ text: `First to discuss: ${first.title}.`, kind: 'finding', evidence: first.evidence });
    const strength = report.moments.find((m) => m.kind === 'strength');
    if (strength) expect(summary.at(-1)!.text).toBe(`A strength to keep: ${strength.title}.`);
    for (const s of summary) if (s.kind === 'finding') expect(s.evidence.length).toBeGreaterThan(0);
    expectCitedTurnsExist(transcript, report);
  });

  it('leads with a missed risk follow-up, ahead of a more severe rupture', () => {
    // Prepare
    const reading = { ruptureMarkers: [{ turnId: 't0002', marker: 'challenges_helpfulness', target: 'therapy' as const, ...UNREPAIRED }] };

    // Act
    const report = reportOf(RUPTURE_THEN_DISCLOSURE, reading);

    // Assess
    expect(report.moments[0]).toMatchObject({ domain: 'safety', kind: 'risk_follow_up', turnId: 't0004' });
    expect(report.moments.find((m) => m.kind === 'rupture')?.severity).toBe('high');
    expect(report.summary![1]!.text).toMatch(/^First to discuss: the disclosure of passive suicidal ideation at t0004, with .* not asked\.$/);
    // The therapist moved to the sleep questions: the alternative says so before asking the unasked items.
    expect(report.moments[0]!.alternative).toMatch(/^Make the next question about the disclosure: "Thank you for telling me that/);
  });
});

describe('strengths and length', () => {
  it('keeps every safety concern, at most three strengths (at least one when there is one) and a bounded whole', () => {
    // Prepare
    const m = (
      domain: SupervisionMoment['domain'],
      kind: SupervisionMoment['kind'],
      severity: SupervisionMoment['severity'],
      n: number,
    ): SupervisionMoment => ({
      domain,
      kind,
      severity,
      turnId: `t${String(n).padStart(4, '0')}`,
      evidence: [`t${String(n).padStart(4, '0')}`],
      what: `moment ${n}`,
      whyItMatters: 'why',
      alternative: kind === 'strength' ? null : 'try',
      ...(kind === 'risk_follow_up' ? { risk: { domain: 'suicide' as const, status: 'partial' as const, asked: [], notAsked: [] } } : {}),
    });
    const candidates = [
      m('safety', 'risk_follow_up', 'low', 1),
      m('safety', 'risk_follow_up', 'high', 2),
      ...Array.from({ length: 12 }, (_, i) => m('technique', 'technique', i % 2 === 0 ? 'low' : 'medium', 10 + i)),
      ...Array.from({ length: 5 }, (_, i) => m('relationship', 'strength', 'none', 30 + i)),
    ];

    // Act
    const kept = selectMoments(candidates);
    const one = selectMoments([...candidates.filter((c) => c.kind !== 'strength'), m('technique', 'strength', 'none', 40)]);

    // Assess
    expect(kept.length).toBe(MAX_MOMENTS);
    expect(kept.slice(0, 2).map((x) => x.turnId)).toEqual(['t0002', 't0001']);
    expect(kept.filter((x) => x.kind === 'strength').map((x) => x.turnId)).toEqual(['t0030', 't0031', 't0032'].slice(0, MAX_STRENGTHS));
    expect(kept.filter((x) => x.kind === 'technique').every((x) => x.severity === 'medium')).toBe(true);
    expect(one.filter((x) => x.kind === 'strength')).toHaveLength(1);
  });
});

describe('the alliance in the report', () => {
  it('shows Goal Agreement with its band when the analysis carries it', () => {
    // Prepare
    const goalAgreement: DimensionScore = {
      score: 64,
      abstained: false,
      rationale: 'Goals agreed.',
      indicators: {},
      evidence: [{ turnId: 't0011', quote: 'Could you do that every night this week?' }],
    };

    // Act
    const report = reportOf(QUESTIONS, { alliance: { goalAgreement } });

    // Assess
    expect(report.alliance.goalAgreement).toEqual({ score: 64, abstained: false, band: 'adequate' });
    expect(report.alliance.summary.map((s) => s.text)).toContain('Agreement on goals and tasks appeared adequate (64/100).');
  });

  it("bands scores with the alliance's own floors", () => {
    for (const score of [0, 49, 50, 59, 60, 74, 75, 100, null]) expect(bandOf(score)).toBe(allianceBandOf(score));
    expect([...SupervisionBandSchema.options]).toEqual([...AllianceBandSchema.options]);
    expect([...SupervisionModalitySchema.options]).toEqual([...ModalitySchema.options]);
  });
});

describe('no labels about a person', () => {
  const FIXTURES = ['client-resistance.txt', 'emotional-withdrawal.txt', 'poor-alliance.txt', 'rupture-unrepaired.txt', 'therapist-burnout.txt'];

  it.each(FIXTURES)('%s: the report describes behaviour only', (name) => {
    const transcript = fixtureTranscript(name);
    const report = reportOf(transcript);
    expectNoLabels(report);
    expectNoSessionText(transcript, report);
  });

  it("writes the engine's low-engagement flag as the behaviour it counts", () => {
    // Prepare: whichever name the flag has (renamed from therapist_burnout).
    const type = FlagTypeSchema.options.find((t) => /therapist_engagement|burnout/.test(t))!;
    const flag = {
      type,
      severity: 'medium' as const,
      rationale: 'Therapist burnout: flat acknowledgements.',
      evidence: [{ turnId: 't0003', quote: 'Okay.' }],
      suggestion: 'Rest.',
    };

    // Act
    const report = reportOf(QUESTIONS, { alliance: { flags: [flag] } });

    // Assess
    expect(report.alliance.patterns.map((p) => p.pattern)).toEqual(['therapist_attention_lapses']);
    expectNoLabels(report);
    expect(SupervisionReportSchema.parse(report)).toEqual(report);
  });

  it.each([
    ['two ruptures', TWO_RUPTURES],
    ['crisis', CRISIS],
    ['medication review', MEDICATION_REVIEW],
  ])('%s: no labels, no session text', (_, transcript) => {
    const report = reportOf(transcript);
    expectNoLabels(report);
    expectNoSessionText(transcript, report);
    expectCitedTurnsExist(transcript, report);
  });
});
