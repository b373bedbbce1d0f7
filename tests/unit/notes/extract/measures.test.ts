/**
 * Measures said aloud: instruments read out or reported and 0–10 ratings asked and answered, with value,
 * band, when, the previous value and the words; numbers that are not ratings are left out.
 */
import { describe, expect, it } from 'vitest';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractMeasures } from '../../../../lambdas/core/notes/extract/measures.js';
import { inlineTranscript } from '../../../helpers.js';

const measuresOf = (lines: string[]) => extractMeasures(readSession(inlineTranscript(lines)));

describe('instruments read aloud or reported', () => {
  it('reads a PHQ-9 score with its band, today, and the previous score with its time', () => {
    // Act
    const [phq] = measuresOf(['Therapist: Your PHQ-9 came out at 12 today, down from 16 three weeks ago.', "Client: Oh, that's good."]);
    // Assess
    expect(phq).toMatchObject({ instrument: 'PHQ-9', value: 12, outOf: 27, band: 'moderate', when: 'today', saidBy: 'therapist', turnIds: ['t0001'] });
    expect(phq!.previous).toMatchObject({ value: 16, when: 'three weeks ago', band: 'moderately severe' });
    expect(phq!.quote).toBe('Your PHQ-9 came out at 12 today, down from 16 three weeks ago.');
  });

  it('reads recogniser spellings and spoken numbers, two instruments in one sentence', () => {
    const found = measuresOf(['therapist: so the phq nine was twelve and your gad seven was nine', 'client: ok']);
    expect(found.map((m) => [m.instrument, m.value, m.band])).toEqual([
      ['PHQ-9', 12, 'moderate'],
      ['GAD-7', 9, 'mild'],
    ]);
  });

  it('reads "p h q 9" and a score before the instrument ("14 on the PHQ")', () => {
    expect(measuresOf(['therapist: your p h q 9 score is 14', 'client: right'])[0]).toMatchObject({ instrument: 'PHQ-9', value: 14 });
    expect(measuresOf(['Client: I got 21 on the PHQ this morning.', 'Therapist: Thank you for doing it.'])[0]).toMatchObject({
      instrument: 'PHQ-9',
      value: 21,
      band: 'severe',
      saidBy: 'client',
      when: 'today',
    });
  });

  it('takes the previous value from the next sentence of the same turn', () => {
    const [gad] = measuresOf(['Therapist: Your GAD-7 is 8. It was 15 at intake.', 'Client: Wow.']);
    expect(gad).toMatchObject({ value: 8, band: 'mild', previous: { value: 15, when: 'at intake', band: 'severe' } });
  });

  it('joins a past score said on its own to this session’s score of the same instrument', () => {
    const found = measuresOf(['Therapist: Last week your PCL-5 was 48.', 'Client: Yeah.', 'Therapist: And today the PCL-5 came out at 39.', 'Client: Okay.']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ instrument: 'PCL-5', value: 39, previous: { value: 48, when: 'last week' } });
  });

  it('flags an SRS at or below 36 and reads an AUDIT named in capitals', () => {
    expect(measuresOf(["Therapist: Let's do the SRS. How was today for you?", 'Client: I gave it a 34.'])[0]).toMatchObject({
      instrument: 'SRS',
      value: 34,
      band: 'suggests a strained alliance',
      turnIds: ['t0001', 't0002'],
    });
    expect(measuresOf(['Therapist: Your AUDIT score was 17.', 'Client: That seems high.'])[0]).toMatchObject({
      instrument: 'AUDIT',
      value: 17,
      band: 'harmful',
    });
  });

  it('asks for an instrument and reads the client’s answer, with the earlier value from the next sentence', () => {
    const [gad] = measuresOf(['Therapist: What did your GAD-7 score come to?', 'Client: Fifteen I think. It used to be like 19 when I started.']);
    expect(gad).toMatchObject({ instrument: 'GAD-7', value: 15, band: 'severe', saidBy: 'client', previous: { value: 19, when: 'when i started' } });
  });

  it('reads SUDS on a 0 to 100 distress scale, with a range', () => {
    expect(measuresOf(['therapist: on a scale of 0 to 100 how distressed are you right now', 'client: like 70 maybe 80'])[0]).toMatchObject({
      instrument: 'SUDS',
      value: 70,
      upTo: 80,
      outOf: 100,
    });
  });

  it('leaves out a score outside the instrument’s range, PHQ-2 and thresholds', () => {
    expect(measuresOf(['Therapist: Your PHQ is 31.', 'Client: Really?'])).toEqual([]);
    expect(measuresOf(['Therapist: The PHQ-2 was 4 so I gave you the longer one.', 'Client: Okay.'])).toEqual([]);
    expect(measuresOf(['Therapist: On the PHQ-9 anything above 10 is moderate, and 20 or more is severe.', 'Client: I see.'])).toEqual([]);
  });

  it('leaves out a hypothetical score', () => {
    expect(measuresOf(['Therapist: If your PHQ gets to 20 we would think about medication.', 'Client: Okay.'])).toEqual([]);
  });
});

describe('0–10 ratings asked and answered', () => {
  it('reads "about a 4" with what was rated and the turns of question and answer', () => {
    const found = measuresOf([
      'Therapist: On a scale of 0 to 10, how would you rate your mood this week?',
      "Client: Hmm. I'd say about a 4.",
      'Therapist: A 4. What makes it a 4 and not a 2?',
      'Client: I got out of bed most days.',
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      instrument: 'rating',
      ratingOf: 'mood',
      value: 4,
      outOf: 10,
      when: 'this week',
      saidBy: 'client',
      turnIds: ['t0001', 't0002'],
      quote: "I'd say about a 4.",
    });
  });

  it('reads a ruler answered in words without punctuation', () => {
    const [r] = measuresOf([
      'therapist: how confident are you that you can cut down zero to ten ten being completely confident',
      'client: maybe a six i guess',
    ]);
    expect(r).toMatchObject({ ratingOf: 'confidence', value: 6, upTo: null });
  });

  it('reads ranges: "between 3 and 4", "3-4", "a 4 or a 5"', () => {
    const ask = 'therapist: how strong is the urge right now from 0 to 10';
    expect(measuresOf([ask, 'client: between 3 and 4'])[0]).toMatchObject({ ratingOf: 'urge', value: 3, upTo: 4 });
    expect(measuresOf([ask, 'client: 3-4 probably'])[0]).toMatchObject({ value: 3, upTo: 4 });
    expect(measuresOf(['Therapist: How important is it to you, on a 1 to 10 scale?', 'Client: A 4 or a 5.'])[0]).toMatchObject({
      ratingOf: 'importance',
      value: 4,
      upTo: 5,
    });
  });

  it('reads "4 out of 10" said without a question, and a previous rating in the answer', () => {
    expect(measuresOf(['Client: My anxiety is like a 7 out of 10 most days.', 'Therapist: That sounds hard.'])[0]).toMatchObject({
      ratingOf: 'anxiety',
      value: 7,
      saidBy: 'client',
      turnIds: ['t0001'],
    });
    const [sleep] = measuresOf(['Therapist: How would you rate your sleep, zero to ten?', 'Client: A 6 now, compared to a 3 last week.']);
    expect(sleep).toMatchObject({ ratingOf: 'sleep', value: 6, previous: { value: 3, when: 'last week' } });
  });

  it('reads a rating from a speech recogniser with no apostrophes', () => {
    expect(measuresOf(['therapist: on a scale of one to ten how would you rate your pain', 'client: id say its a 5 outta 10 today'])[0]).toMatchObject({
      ratingOf: 'pain',
      value: 5,
      when: 'today',
    });
  });

  it('leaves out an answer with no number', () => {
    expect(measuresOf(['Therapist: On a scale from one to ten, how anxious are you feeling?', "Client: I don't really know. It's hard to say."])).toEqual([]);
  });

  it('leaves out numbers that are not ratings: doses, cigarettes, ages, times, money, days', () => {
    const found = measuresOf([
      'Therapist: On a scale of 0 to 10, how would you rate your mood?',
      "Client: I take 20 mg of sertraline. I smoke 20, 30 a day. I'm 34. I woke at 4:30. It cost $10. It's been 3 days.",
    ]);
    expect(found).toEqual([]);
  });

  it('leaves out hypotheticals and the therapist’s follow-up numbers', () => {
    const found = measuresOf([
      'Therapist: What would it take to get it down to a 5 out of 10?',
      "Client: If it got to a 9 I'd call you.",
      'Therapist: And if it was a 2 out of 10, what would be different?',
      'Client: I would sleep.',
    ]);
    expect(found).toEqual([]);
  });

  it('leaves out a value above the scale', () => {
    expect(measuresOf(['Therapist: On a scale of 0 to 10, how motivated are you?', 'Client: Like a 12!'])).toEqual([]);
  });

  it('finds nothing in a short session with no measures', () => {
    expect(measuresOf(['Therapist: How was your week?', 'Client: Fine. Busy. I saw my sister twice.', 'Therapist: See you next week.'])).toEqual([]);
  });
});

describe('counts said with "out of"', () => {
  it('leaves out "9 out of 10 on my exam" and "seven days out of ten"', () => {
    expect(measuresOf(['Client: I scored 9 out of 10 on my exam.', 'Therapist: Well done.'])).toEqual([]);
    expect(measuresOf(['Therapist: How many days would you say you drink, out of ten?', "Client: Seven days out of ten I'd drink."])).toEqual([]);
  });

  it('reads a rating of the week and an earlier rating in the next sentence', () => {
    expect(measuresOf(['Therapist: What number would you give your week, out of ten?', 'Client: Ten. Best week in ages.'])[0]).toMatchObject({
      ratingOf: 'the week',
      value: 10,
    });
    expect(measuresOf(['Therapist: On a scale of 0 to 10 how would you rate your mood?', 'Client: A seven. Last week was a four.'])[0]).toMatchObject({
      value: 7,
      previous: { value: 4, when: 'last week' },
    });
  });
});

describe('scores given a few turns after the instrument was handed over', () => {
  it('reads "that adds up to 24" as the ORS handed over two turns before, with the earlier score', () => {
    const [m] = measuresOf([
      "Therapist: Let's start with the ORS as usual, how things have been this past week.",
      'Client: Okay. There you go.',
      'Therapist: So that adds up to 24. Last session you were at 19.',
    ]);
    expect(m).toMatchObject({ instrument: 'ORS', value: 24, turnIds: ['t0001', 't0003'], previous: { value: 19 } });
  });

  it('reads a follow-up ruler on the same scale ("and how confident, same scale?")', () => {
    const found = measuresOf([
      'Therapist: On a scale of zero to ten, how important is it to you to change your smoking?',
      'Client: Like a seven maybe.',
      'Therapist: And how confident are you that you could change it if you decided to? Same scale.',
      'Client: Honestly, a four.',
    ]);
    expect(found.map((m) => [m.ratingOf, m.value])).toEqual([
      ['importance', 7],
      ['confidence', 4],
    ]);
  });
});

describe('scores and ratings asked and read out as clinicians say them', () => {
  it('reads a score said in the sentence after the instrument is named ("You came out at sixteen", "You came in at thirteen")', () => {
    const [a] = measuresOf([
      'Therapist: I scored the questionnaire you did in the waiting room, the GAD-7, the anxiety one. You came out at sixteen.',
      'Client: Right.',
    ]);
    expect(a).toMatchObject({ instrument: 'GAD-7', value: 16 });
    const [b] = measuresOf(["Therapist: I've got your GAD-7 from this morning. You came in at thirteen.", 'Client: Okay.']);
    expect(b).toMatchObject({ instrument: 'GAD-7', value: 13 });
    // An age is still an age.
    expect(measuresOf(['Therapist: Your GAD-7 is in. How old is your son now?', 'Client: He is sixteen.'])).toEqual([]);
  });

  it('reads a scale given by its ends ("nought being not at all and ten completely safe") and "if you had to put a number on it, what would it be?"', () => {
    const [m] = measuresOf([
      'Therapist: If you had to put a number on how safe you feel at home, nought being not at all and ten completely safe, what would it be?',
      'Client: In the day? Seven.',
    ]);
    expect(m).toMatchObject({ instrument: 'rating', value: 7, ratingOf: 'safety' });
  });

  it('still reads "What would the ring road be?" as a prediction, not a rating', () => {
    expect(measuresOf(['Therapist: Zero to a hundred, what would the ring road be?', 'Client: Eighty, easily.'])).toEqual([]);
  });
});

describe('the questionnaires named by their topic', () => {
  it('reads "the mood one" as the PHQ-9 and "the worry one" as the GAD-7 when the forms are what is talked about', () => {
    const found = measuresOf([
      'Therapist: Did the portal questionnaires work this time?',
      'Client: They did. I got twelve on the worry one and seven on the mood one.',
    ]);
    expect(found.map((m) => [m.instrument, m.value])).toEqual([
      ['GAD-7', 12],
      ['PHQ-9', 7],
    ]);
  });

  it('reads nothing from "the mood one" when no form is talked about, and lets a name glossed by its topic keep its own value', () => {
    expect(
      measuresOf(['Therapist: Which walk was best?', 'Client: The mood one was the Sunday, a ten out of ten.']).filter((m) => m.instrument !== 'rating'),
    ).toEqual([]);
    const glossed = measuresOf([
      "Therapist: So twelve on the PHQ-9, that's the mood questionnaire, and fifteen on the GAD-7, the anxiety one.",
      'Client: Right.',
    ]);
    expect(glossed.map((m) => [m.instrument, m.value])).toEqual([
      ['PHQ-9', 12],
      ['GAD-7', 15],
    ]);
  });
});

describe('ratings asked as people ask them in speech and chat', () => {
  it('reads "if you rated your energy this week, 0-10, what would it be?" as asking for a rating now, not a prediction', () => {
    const [m] = measuresOf(['Helper: if you rated your energy this week 0-10, what would it be?', 'Client: idk, 4? some days a 3']);
    expect(m).toMatchObject({ instrument: 'rating', ratingOf: 'energy', value: 4, outOf: 10 });
  });

  it('reads an unpunctuated scale question from a recogniser, and not a turn that gives its own score on the scale', () => {
    const [m] = measuresOf(['therapist: right and zero to ten the craving right now', 'client: um honestly like a four right now']);
    expect(m).toMatchObject({ instrument: 'rating', ratingOf: 'craving', value: 4 });
    expect(measuresOf(['therapist: last time you were a seven zero to ten', 'client: yeah'])).toEqual([]);
  });

  it('reads a rating asked without its scale when the answer says it as one ("And the pain now?" "Now, a five.")', () => {
    const [pain] = measuresOf(['Therapist: And the pain now?', 'Client: Now, a five. It was worse at the weekend.']);
    expect(pain).toMatchObject({ instrument: 'rating', ratingOf: 'pain', value: 5, outOf: 10 });
    const [safety] = measuresOf(['Therapist: How safe do you feel at home now, same scale as before?', "Client: At night it's a four."]);
    expect(safety).toMatchObject({ ratingOf: 'safety', value: 4 });
  });

  it('reads "out of a hundred" as the scale: distress on it is SUDS, another rating keeps its topic', () => {
    expect(measuresOf(['Therapist: Sitting here now, how anxious are you out of a hundred?', 'Client: About thirty-five.'])[0]).toMatchObject({
      instrument: 'SUDS',
      value: 35,
    });
    expect(measuresOf(['Therapist: How motivated are you, out of 100?', 'Client: Seventy.'])[0]).toMatchObject({
      instrument: 'rating',
      ratingOf: 'motivation',
      value: 70,
      outOf: 100,
    });
  });

  it('names a rating by the state asked about in the asker\'s own word ("how frazzled r u", "how wiped out after")', () => {
    expect(measuresOf(['Helper: out of 10 how frazzled r u today? 10 being totally fried', 'Client: 8 tbh. maybe more'])[0]).toMatchObject({
      ratingOf: 'frazzled',
      value: 8,
    });
    expect(measuresOf(['Therapist: How wiped out after, one to ten?', 'Client: Seven? The first week was worse.'])[0]).toMatchObject({
      ratingOf: 'wiped out',
      value: 7,
    });
    // "How much", "how often", "how are you" ask no state.
    expect(measuresOf(['Therapist: How much did you walk, zero to ten?', 'Client: Six.'])[0]?.ratingOf ?? null).toBeNull();
  });

  it('reads a bare number answering a question that asks for the number ("Mood number?" "Five. I guess."), and not a house number', () => {
    expect(measuresOf(['Therapist: Fine. Mood number?', 'Client: Five. I guess.'])[0]).toMatchObject({ instrument: 'rating', ratingOf: 'mood', value: 5 });
    expect(measuresOf(["Therapist: What's your house number?", 'Client: Five.'])).toEqual([]);
  });

  it('reads no rating from an answer that counts or measures something ("a five minute walk", "a six-week course")', () => {
    expect(measuresOf(['Therapist: And the pain now?', 'Client: I managed a five minute walk.'])).toEqual([]);
    expect(measuresOf(['Therapist: How is your mood?', 'Client: A six-week course, the GP said.'])).toEqual([]);
  });
});

describe('questionnaire items and totals', () => {
  it('reads an item read back with its answer ("nearly every day, so that\'s a three") as the item, and the total said after it', () => {
    const found = measuresOf([
      "Therapist: Let me go through your GAD-7. Trouble relaxing, more than half the days, so that's a two. Being so restless it's hard to sit still, not at all.",
      'Client: Yes, that sounds right.',
      'Therapist: So it comes to nine in all. Lower than last time.',
    ]);
    expect(found.map((m) => [m.instrument, m.value])).toEqual([['GAD-7', 9]]);
  });

  it('reads a score the client gives for an instrument just named ("I make it twenty-six", "I got 11")', () => {
    expect(measuresOf(['Therapist: I see you filled in the ORS before you came in.', 'Client: I added it up myself, I make it twenty-six.'])[0]).toMatchObject({
      instrument: 'ORS',
      value: 26,
      saidBy: 'client',
    });
    expect(measuresOf(['Therapist: How was the week?', 'Client: The nurse did the PHQ-9 with me on Monday. I got 11.'])[0]).toMatchObject({
      instrument: 'PHQ-9',
      value: 11,
    });
  });
});
