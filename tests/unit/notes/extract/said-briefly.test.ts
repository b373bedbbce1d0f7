/**
 * Things said briefly or with the time first, which the language layer used to lose: an answer in digits
 * alone ("7.", "3/10"), a clause whose time is said before its subject ("Both times I used a skill"), and a
 * rating of how much a belief is held. Risk, notes and plans all read these turns.
 */
import { describe, expect, it } from 'vitest';
import { sentencesOf } from '../../../../lambdas/core/language/index.js';
import { analyzeTranscript } from '../../../../lambdas/core/alliance/engine.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractMeasures } from '../../../../lambdas/core/notes/extract/measures.js';
import { buildClientPlan } from '../../../../lambdas/core/plans/index.js';
import { parseTranscript } from '../../../../lambdas/core/transcript/index.js';
import { inlineTranscript } from '../../../helpers.js';

const measuresOf = (lines: string[]) => extractMeasures(readSession(inlineTranscript(lines)));

describe('an answer in digits alone', () => {
  it('is a sentence of its turn', () => {
    expect(sentencesOf('7.').map((s) => s.text)).toEqual(['7.']);
    expect(sentencesOf('3/10').map((s) => s.text)).toEqual(['3/10']);
    // Noise is still not speech.
    expect(sentencesOf('<<< >>> ### ///')).toEqual([]);
  });

  it('is read as the rating the question asked for, as its words would be', () => {
    for (const answer of ['7.', 'Seven.']) {
      const [m] = measuresOf(['Therapist: and sleep, 0-10, for this week?', `Client: ${answer}`]);
      expect(m).toMatchObject({ instrument: 'rating', value: 7, ratingOf: 'sleep', turnIds: ['t0001', 't0002'] });
    }
  });
});

describe('saying no', () => {
  it('reads "say no" as a refusal said, not a negated clause; "no" elsewhere still negates', () => {
    expect(sentencesOf('I want to be able to say no to her.')[0]!.clauses[0]!.negated).toBe(false);
    expect(sentencesOf('I said no to the extra shift.')[0]!.clauses[0]!.negated).toBe(false);
    expect(sentencesOf('I have no plan to hurt myself.')[0]!.clauses[0]!.negated).toBe(true);
  });
});

describe('a time said before the subject', () => {
  it.each([
    ['Both times I used a skill first.', 'speaker'],
    ['Last night we talked for an hour.', 'speaker'],
    ['Two nights this week I closed the big light.', 'speaker'],
    ['Monday you said it was fine.', 'listener'],
    ["Most school nights I'm asleep by eleven now.", 'speaker'],
    ['Work days I leave at half twelve.', 'speaker'],
  ])('"%s" is about the %s', (text, subject) => {
    expect(sentencesOf(text)[0]!.clauses[0]!.subject).toBe(subject);
  });

  it('leaves a time that is the subject itself, and a person, as someone else', () => {
    expect(sentencesOf('The week was hard.')[0]!.clauses[0]!.subject).toBe('other');
    expect(sentencesOf('My sister rang on Tuesday.')[0]!.clauses[0]!.subject).toBe('other');
  });
});

describe('"have" with the activity as its object', () => {
  const session = (date: string, lines: string[]) => {
    const transcript = parseTranscript(lines.join('\n'));
    return { session: date, date, transcript, ...analyzeTranscript(transcript) };
  };
  const one = session('2027-03-01', [
    'Therapist: What would you like to be different?',
    'Client: I want us to have one proper conversation a week about money without shouting.',
  ]);

  it('is a step: "We had a proper conversation on Thursday about the bills."', () => {
    const two = session('2027-03-08', ['Therapist: How did the week go?', 'Client: We had a proper conversation on Thursday about the bills.']);
    expect(buildClientPlan([one, two]).goals[0]!.history.map((h) => h.status)).toEqual(['introduced', 'progress']);
  });

  it('is no step when its object is something else: "We had a row on Thursday."', () => {
    const two = session('2027-03-08', ['Therapist: And the conversations about money?', 'Client: We had a row on Thursday.']);
    expect(buildClientPlan([one, two]).goals[0]!.history.map((h) => h.status)).not.toContain('progress');
  });
});

describe('how strongly a belief is held', () => {
  it('is a rating of the belief, on the scale asked', () => {
    const [m] = measuresOf([
      'Therapist: The thought is "if it is not perfect, I have failed". From nought to a hundred, how much do you believe that right now?',
      'Client: Sitting here? Ninety.',
    ]);
    expect(m).toMatchObject({ instrument: 'rating', value: 90, ratingOf: 'belief', outOf: 100 });
  });
});

describe('an irregular past', () => {
  it.each(['I rang.', 'I sent it.', 'I kept it up.', 'We spoke.', 'Told her.'])('"%s" is in the past', (text) => {
    expect(sentencesOf(text)[0]!.clauses[0]!.tense).toBe('past');
  });

  it.each(['I dunno.', 'She goes mad.', 'I have eaten.'])('"%s" is not read as a past by the rule for irregular forms', (text) => {
    expect(sentencesOf(text)[0]!.clauses[0]!.tense).not.toBe('past');
  });
});
