/**
 * Scores said the way they are in a session rather than read off a form: distress levels through an exposure
 * inside long turns, a scale said with "nought", an ORS read to a decimal, a total a couple of sentences after
 * the instrument's name, today's rating beside a past day's, and a prediction that is no reading. Sessions
 * written for this file.
 */
import { describe, expect, it } from 'vitest';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractMeasures } from '../../../../lambdas/core/notes/extract/measures.js';
import { inlineTranscript } from '../../../helpers.js';

const measuresOf = (lines: string[]) => extractMeasures(readSession(inlineTranscript(lines)));
const values = (lines: string[], instrument: string) =>
  measuresOf(lines)
    .filter((m) => m.instrument === instrument)
    .map((m) => m.value);

describe('distress levels through an exposure', () => {
  it('reads each level in a long turn once a 0–100 distress scale is set up', () => {
    const lines = [
      "Therapist: Let's do the lift now. Notice your distress from nought to a hundred as we go up, and tell me after.",
      'Client: Okay.',
      'Therapist: How was that?',
      "Client: Honestly, when the doors closed my chest went tight and I'd say it was up at eighty, then by the fourth floor maybe fifty, and at the top it had settled, I'd put it at thirty. I kept wanting to press the alarm button.",
    ];
    expect(values(lines, 'SUDS')).toEqual([80, 50, 30]);
    expect(measuresOf(lines).every((m) => m.when === 'today' && m.turnIds.includes('t0004'))).toBe(true);
  });

  it('reads levels in an exposure the therapist begins with distress to notice, the scale known from before', () => {
    const lines = [
      "Therapist: Today's exposure is the video of the injection. Watch it twice and notice the distress as it rises and falls.",
      'Client: Right. Go on then.',
      'Therapist: How was that?',
      'Client: At the start I was about forty, then the needle went in, that was the worst, seventy-five, my hands were sweating. The second time round it hardly moved.',
    ];
    expect(values(lines, 'SUDS')).toEqual([40, 75]);
  });

  it('leaves out levels from another day or place, predictions and counts', () => {
    const lines = [
      'Therapist: Rate your distress from zero to a hundred as we go through the photos.',
      'Client: Fine.',
      'Therapist: And now?',
      'Client: Sixty. On Tuesday at home it went up to ninety though. The plane one would be a hundred.',
      'Therapist: And how many times did you check the news this week?',
      'Client: About forty times.',
    ];
    expect(values(lines, 'SUDS')).toEqual([60]);
  });

  it('reads no level from a question that asks for a prediction', () => {
    const lines = ['Therapist: Rating your anxiety from zero to a hundred, what would the lift be?', 'Client: About seventy. The plane would be a hundred.'];
    expect(measuresOf(lines)).toEqual([]);
  });

  it('reads every reading of a SUDS run said with its name', () => {
    expect(values(['Therapist: How was the drive?', 'Client: My SUDS started at seventy and was about thirty by the time I parked.'], 'SUDS')).toEqual([
      70, 30,
    ]);
  });
});

describe('scales, decimals and totals said aloud', () => {
  it('takes "nought to ten" as a scale', () => {
    const [m] = measuresOf(['Therapist: How worried about the flight are you right now, nought to ten?', 'Client: A solid six.']);
    expect(m).toMatchObject({ instrument: 'rating', value: 6, ratingOf: 'worry' });
  });

  it('reads an ORS total said with a decimal, two sentences after the instrument is named', () => {
    const [m] = measuresOf([
      'Therapist: First, the Outcome Rating Scale you filled in. Let me measure the lines. Right, that adds up to twenty-one point six.',
      'Client: Is that good?',
    ]);
    expect(m).toMatchObject({ instrument: 'ORS', value: 21.6, when: 'today' });
  });

  it('reads the SRS total "you have made it thirty-four"', () => {
    const [m] = measuresOf([
      'Therapist: And the Session Rating Scale for today, when you have a moment.',
      'Client: There.',
      "Therapist: You've made it thirty-four. What would have made it higher?",
    ]);
    expect(m).toMatchObject({ instrument: 'SRS', value: 34 });
  });

  it('takes the value said with "today" over a past day\'s in the same answer', () => {
    const [m] = measuresOf(['Therapist: How anxious are you today, zero to ten?', "Client: Friday was a two, which was lovely, but today I'm a seven."]);
    expect(m).toMatchObject({ instrument: 'rating', value: 7 });
  });
});

describe('a total said in the past tense', () => {
  it('reads "It added up to nine" and "It came to fifteen" after the instrument is named', () => {
    expect(values(['Therapist: You filled in the AUDIT-C in the waiting room. It added up to nine.', 'Client: Right.'], 'AUDIT-C')).toEqual([9]);
    expect(values(['Therapist: And the PHQ-9 you did on Monday. It came to fifteen.', 'Client: Sounds about right.'], 'PHQ-9')).toEqual([15]);
  });
});
