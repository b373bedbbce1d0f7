import { describe, expect, it } from 'vitest';
import { analyzeTranscript, RISK_CAP } from '../../../lambdas/core/alliance/engine.js';
import { scoreDimensions } from '../../../lambdas/core/alliance/dimensions.js';
import { detectModality } from '../../../lambdas/core/alliance/modality.js';
import { calibrate, CALIBRATION } from '../../../lambdas/core/alliance/calibration.js';
import { codeSession } from '../../../lambdas/core/metrics/coded-session.js';
import { computeSessionMetrics } from '../../../lambdas/core/metrics/session-metrics.js';
import { detectRisk } from '../../../lambdas/core/risk/index.js';
import { ALLIANCE_BAND_FLOORS, allianceBandOf, AllianceSchema } from '../../../schemas/alliance.js';
import { fitLogistic } from '../../../bench/logistic.js';
import { makeTranscript } from './make-transcript.js';

function lines(...turns: [who: 'T' | 'C', text: string][]): string {
  return turns.map(([who, text]) => `${who === 'T' ? 'Therapist' : 'Client'}: ${text}`).join('\n');
}

function modalityOf(text: string) {
  const transcript = makeTranscript(text);
  return detectModality(codeSession(transcript), detectRisk(transcript));
}

const MEDICATION_REVIEW = lines(
  ['T', 'Hi, thanks for coming in. How have things been since we increased the dose last month?'],
  ['C', 'Better, mostly. The mornings are still hard but I am sleeping.'],
  ['T', 'Any side effects from the sertraline at 100 mg?'],
  ['C', 'A bit of nausea the first week, then it settled.'],
  ['T', 'Are you taking the tablets every day?'],
  ['C', 'I missed maybe two doses when I was away.'],
  ['T', 'That happens. How is your appetite?'],
  ['C', 'Normal again, I think.'],
  ['T', 'And the blood tests from last week came back fine, your levels are normal.'],
  ['C', 'Good, I was worried about that.'],
  ['T', 'Would you like to stay on this dose for now, or talk about changing it?'],
  ['C', 'Stay on it, I think. It is finally helping.'],
  ['T', 'That sounds right to me too. We will review the medication again in six weeks.'],
  ['C', 'Okay, thank you.'],
);

const CBT_SESSION = lines(
  ['T', 'Shall we set the agenda? I had your thought record from the week and the exposure plan.'],
  ['C', 'Yes, and I want to talk about the party on Saturday.'],
  ['T', 'Let us put the party first. What went through your mind before you went in?'],
  ['C', 'That everyone would stare at me and think I was weird.'],
  ['T', 'How much did you believe that thought, out of a hundred?'],
  ['C', 'Ninety, at the door.'],
  ['T', 'What happened when you stayed?'],
  ['C', 'Nobody stared. I talked to two people for a while and it was fine.'],
  ['T', 'What does that tell you about the prediction?'],
  ['C', 'That it was my anxiety talking, not what actually happens.'],
  ['T', 'How much do you believe the thought now?'],
  ['C', 'Maybe forty.'],
  ['T', 'That is a big shift. What would you like to try this week as the next step on the hierarchy?'],
  ['C', 'Maybe eat lunch in the staff room on Wednesday.'],
  ['T', 'Does that feel like the right size of step?'],
  ['C', 'Yes, scary but doable. I will write the prediction down first.'],
);

describe('modality', () => {
  it('reads a medication review as psychiatric and a structured CBT session as CBT', () => {
    expect(modalityOf(MEDICATION_REVIEW).kind).toBe('psychiatric');
    expect(modalityOf(CBT_SESSION).kind).toBe('cbt');
  });

  it("reads a typed chat as peer support, but not a speech recogniser's unpunctuated lower case", () => {
    const chat = lines(
      ['C', 'hi. idk if this is the right place'],
      ['T', 'hi, you are in the right place. whats going on?'],
      ['C', 'exams are killing me tbh'],
      ['T', 'that sounds exhausting, how long has it been like this?'],
      ['C', 'like a month. i cant sleep lol'],
      ['T', 'a month of not sleeping, no wonder you are worn out.'],
    );
    const asr = lines(
      ['T', 'so how has the week been for you'],
      ['C', 'not great honestly i have been tired all the time'],
      ['T', 'tired all the time tell me more about that'],
      ['C', 'i wake up at four and cannot get back to sleep'],
      ['T', 'that sounds exhausting what goes through your mind at four'],
      ['C', 'work mostly the deadlines'],
    );
    expect(modalityOf(chat).kind).toBe('peer_support');
    expect(modalityOf(asr).kind).not.toBe('peer_support');
  });

  it('names what it saw without quoting the transcript', () => {
    const reading = modalityOf(MEDICATION_REVIEW);
    for (const cue of reading.cues) expect(cue).not.toMatch(/sertraline|nausea/i);
    expect(reading.confidence).toBeGreaterThan(0);
  });
});

describe('dimensions read against the kind of work', () => {
  it('does not mark a structured CBT session down for asking more than it reflects', () => {
    const transcript = makeTranscript(CBT_SESSION);
    const session = codeSession(transcript);
    const metrics = computeSessionMetrics(session);
    const risk = detectRisk(transcript);
    const asCbt = scoreDimensions(session, metrics, risk, 'cbt', []).dimensions;
    const asMi = scoreDimensions(session, metrics, risk, 'mi', []).dimensions;
    expect(asCbt.therapeuticProcess.score).toBeGreaterThan(asMi.therapeuticProcess.score);
    expect(asCbt.therapeuticRelationship.score).toBeGreaterThan(asMi.therapeuticRelationship.score);
  });
});

const DISCLOSURE = [
  ['T', 'How has the week been?'],
  ['C', 'Honestly awful. I lost the job on Monday and I keep thinking everyone would be better off without me.'],
] as ['T' | 'C', string][];
const FOLLOWED_UP = lines(
  ...DISCLOSURE,
  ['T', 'I am really glad you told me that. When you say better off without you, are you having thoughts of killing yourself?'],
  ['C', 'Sometimes, at night. I have not done anything.'],
  ['T', 'Have you thought about how you would do it?'],
  ['C', 'Not really, no plan. It is more a feeling.'],
  ['T', 'Have you ever tried to end your life before?'],
  ['C', 'No, never.'],
  ['T', 'What keeps you going when it gets that dark at night?'],
  ['C', 'My daughter. I could not do that to her.'],
  ['T', 'Your daughter matters enormously to you. Could we write down together what you will do if the thoughts get stronger?'],
  ['C', 'Yes, okay. I think that would help.'],
  ['T', 'Who could you call at night if it got bad?'],
  ['C', 'My sister. She always picks up.'],
  ['T', 'Let us put her number at the top, and the crisis line under it. How does that feel?'],
  ['C', 'Better than I felt walking in, honestly.'],
);
const MOVED_ON = lines(
  ...DISCLOSURE,
  ['T', 'Losing a job is really hard. It sounds like it has knocked you sideways.'],
  ['C', 'It has. I do not know what to do with the days.'],
  ['T', 'Not knowing what to do with the days sounds disorienting.'],
  ['C', 'It is. I just sit there.'],
  ['T', 'You feel stuck, like the structure went with the job.'],
  ['C', 'Yes, exactly that.'],
  ['T', 'What used to give your days shape before the job?'],
  ['C', 'Walking the dog, I suppose. Seeing friends.'],
  ['T', 'So there were things that mattered to you outside work.'],
  ['C', 'There were. I have let them go.'],
  ['T', 'What would it be like to pick one of them back up this week?'],
  ['C', 'Maybe the walking. I could try.'],
  ['T', 'That sounds like a good place to start. Shall we meet next week?'],
  ['C', 'Okay, yes.'],
);

describe('risk assessment is good care, never a penalty', () => {
  it('credits following a disclosure up, and sets the assessment questions apart from the question balance', () => {
    const followed = analyzeTranscript(makeTranscript(FOLLOWED_UP));
    const process = followed.alliance.dimensions.therapeuticProcess;
    expect(process.indicators.riskFollowUp).toBe(1);
    expect(process.indicators.riskAssessmentTurns).toBeGreaterThanOrEqual(2);
    expect(followed.alliance.overall.cappedBecause).toBeUndefined();
  });

  it('does not lower the relationship score for asking the assessment questions', () => {
    const assessment: ['T' | 'C', string][] = [
      ['T', 'Thank you for telling me. Are you having thoughts of killing yourself?'],
      ['C', 'Sometimes, at night. I have not done anything.'],
      ['T', 'Have you thought about how you would do it?'],
      ['C', 'No, no plan.'],
      ['T', 'Have you ever tried to end your life before?'],
      ['C', 'No, never.'],
      ['T', 'Do you have anything at home you might use?'],
      ['C', 'No.'],
    ];
    const rest = MOVED_ON.split('\n')
      .slice(2)
      .map((l) => [l.startsWith('Therapist') ? 'T' : 'C', l.replace(/^\w+: /, '')] as ['T' | 'C', string]);
    const withAssessment = lines(...DISCLOSURE, ...assessment, ...rest);
    const without = analyzeTranscript(makeTranscript(MOVED_ON)).alliance.dimensions.therapeuticRelationship.score!;
    const assessed = analyzeTranscript(makeTranscript(withAssessment)).alliance;
    expect(assessed.dimensions.therapeuticRelationship.score!).toBeGreaterThanOrEqual(without - 3);
    expect(assessed.dimensions.therapeuticProcess.indicators.riskAssessmentTurns).toBeGreaterThanOrEqual(3);
  });

  it('holds a warm session with an unassessed disclosure below the mixed band, and says why', () => {
    const moved = analyzeTranscript(makeTranscript(MOVED_ON));
    expect(moved.alliance.overall.score).toBeLessThan(RISK_CAP);
    expect(moved.alliance.overall.band).toBe('weak');
    expect(moved.alliance.overall.cappedBecause).toMatch(/not followed up/);
    expect(moved.alliance.overall.cappedBecause).not.toMatch(/better off/);
  });
});

const AGREED = lines(
  ['T', 'What would you like to be different by the end of our sessions?'],
  ['C', 'I want to be able to go to the shops on my own without panicking.'],
  ['T', 'Going to the shops on your own, without the panic. Does that feel like the right goal to start with?'],
  ['C', 'Yes, that is the one that matters most to me.'],
  ['T', 'What would be a first step you could try this week?'],
  ['C', 'I could walk to the corner shop on Tuesday and buy milk.'],
  ['T', 'Walking to the corner shop on Tuesday. How does that sound to you?'],
  ['C', 'Good. I will do it, I will text my sister after.'],
  ['T', 'It is your call how far to go. What might get in the way?'],
  ['C', 'If I feel dizzy I might turn back. But I will try again.'],
);
const IMPOSED = lines(
  ['T', 'Last week you told me about the panic in shops. Tell me where things are now.'],
  ['C', 'Much the same. I have not been into a big shop on my own for about two years, my sister does it all for me.'],
  ['T', 'Your goal is going to be to go to the supermarket alone by next month.'],
  ['C', 'Fine.'],
  ['T', 'This week you will go to the supermarket three times and stay twenty minutes each time.'],
  ['C', 'Whatever you think.'],
  ['T', 'You need to do it even if you panic, that is how exposure works.'],
  ['C', 'I guess.'],
  ['T', 'And you should write it all down in the log every time.'],
  ['C', 'Fine.'],
  ['T', 'Good. That is the plan then, I will see you next week and we will go through the log.'],
  ['C', 'Okay.'],
);

describe('Goal Agreement', () => {
  it("rates goals in the client's words and tasks taken up with commitment above goals and tasks imposed and shrugged at", () => {
    const agreed = analyzeTranscript(makeTranscript(AGREED)).alliance.goalAgreement!;
    const imposed = analyzeTranscript(makeTranscript(IMPOSED)).alliance.goalAgreement!;
    expect(agreed.abstained).toBe(false);
    expect(agreed.score!).toBeGreaterThan(imposed.score! + 15);
    expect(agreed.indicators.goalsOwnedOrAgreed).toBeGreaterThanOrEqual(1);
    expect(imposed.indicators.contested).toBeGreaterThanOrEqual(3);
    expect(agreed.evidence.length).toBeGreaterThan(0);
    const text = makeTranscript(AGREED).turns;
    for (const e of agreed.evidence) expect(text.find((t) => t.id === e.turnId)!.text).toContain(e.quote);
  });
});

describe('calibration and bands', () => {
  it('maps raw scores monotonically onto 0-100 and bands them from one table', () => {
    const curve = CALIBRATION.overall;
    const values = [0, 20, 40, 50, 60, 80, 100].map((raw) => calibrate(raw, curve));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
    expect(ALLIANCE_BAND_FLOORS.map(([b]) => b)).toEqual(['strong', 'adequate', 'mixed', 'weak']);
    expect([
      allianceBandOf(75),
      allianceBandOf(74),
      allianceBandOf(60),
      allianceBandOf(59),
      allianceBandOf(50),
      allianceBandOf(49),
      allianceBandOf(null),
    ]).toEqual(['strong', 'adequate', 'adequate', 'mixed', 'mixed', 'weak', null]);
  });

  it('fits a balanced curve whose midpoint sits between the classes, whatever their sizes', () => {
    const points = [
      ...[30, 35, 40, 42, 45].map((raw) => ({ raw, high: false })),
      ...[55, 58, 60, 62, 65, 68, 70, 72, 75, 80, 85, 90].map((raw) => ({ raw, high: true })),
    ];
    const curve = fitLogistic(points);
    const midpoint = 50 - (10 * curve.intercept) / curve.slope;
    expect(midpoint).toBeGreaterThan(42);
    expect(midpoint).toBeLessThan(58);
    expect(curve.slope).toBeGreaterThan(0);
    expect(() => fitLogistic(points.filter((p) => p.high))).toThrow(/both high and low/);
  });

  it('gives every scored report a band, a raw mean and a modality that the schema accepts', () => {
    const { alliance } = analyzeTranscript(makeTranscript(CBT_SESSION));
    expect(alliance.overall.band).toBe(allianceBandOf(alliance.overall.score));
    expect(alliance.overall.raw).toBeTypeOf('number');
    expect(alliance.modality?.kind).toBe('cbt');
    for (const d of Object.values(alliance.dimensions)) if (!d.abstained) expect(d.band).toBe(allianceBandOf(d.score));
    expect(() => AllianceSchema.parse(alliance)).not.toThrow();
  });
});
