/**
 * Six more published instruments (ISI, PGSI, CORE-10, AUDIT-C, EPDS, WSAS): read from a sentence said aloud
 * (digits, words and recogniser spellings), banded where a band is published, out-of-range values left out by
 * the reader and refused by the API's validator naming `value`, the scale's maximum never read as a score, and
 * ordinary words ("core belief", "audit of the accounts") never read as an instrument.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import {
  type InvalidMeasureError,
  CHANGE_CRITERIA,
  SCALES,
  bandOf,
  buildMeasureSeries,
  clientsMeasures,
  validateEnteredMeasure,
} from '../../../lambdas/core/measures/index.js';
import { readSession } from '../../../lambdas/core/notes/extract/input.js';
import { extractMeasures } from '../../../lambdas/core/notes/extract/measures.js';
import { instrumentSentences } from '../../../lambdas/core/notes/measures-note.js';
import { InstrumentSchema, type Instrument } from '../../../schemas/plan.js';
import { inlineTranscript } from '../../helpers.js';

const TODAY = '2026-09-29';
const measuresOf = (lines: string[]) => extractMeasures(readSession(inlineTranscript(lines)));
const read = (line: string) => measuresOf([line, 'Client: Okay.']).map((m) => [m.instrument, m.value, m.band]);

/** The field an entered measure is refused for, and the message. */
function refusal(input: unknown): { field: string; message: string } | undefined {
  try {
    validateEnteredMeasure(input, TODAY);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return { field: (error as InvalidMeasureError).field, message: (error as Error).message };
  }
}

describe('the six instruments are known to the API and the measures core', () => {
  it('are instruments an entered score may name, with their published ranges, whole numbers, and no change criteria', () => {
    const added: [Instrument, number][] = [
      ['ISI', 28],
      ['PGSI', 27],
      ['CORE-10', 40],
      ['AUDIT-C', 12],
      ['EPDS', 30],
      ['WSAS', 40],
    ];
    for (const [instrument, max] of added) {
      expect(InstrumentSchema.options).toContain(instrument);
      expect(SCALES[instrument as Exclude<Instrument, 'rating'>]).toEqual({ min: 0, max, wholeNumbers: true });
      expect(CHANGE_CRITERIA[instrument]).toBeUndefined();
    }
  });
});

describe('bands as published', () => {
  it.each([
    // ISI: Bastien, Vallières & Morin 2001.
    ['ISI', 0, 'no clinically significant insomnia'],
    ['ISI', 7, 'no clinically significant insomnia'],
    ['ISI', 8, 'subthreshold insomnia'],
    ['ISI', 14, 'subthreshold insomnia'],
    ['ISI', 15, 'moderate clinical insomnia'],
    ['ISI', 21, 'moderate clinical insomnia'],
    ['ISI', 22, 'severe clinical insomnia'],
    ['ISI', 28, 'severe clinical insomnia'],
    // PGSI: Ferris & Wynne 2001 (the original cut-offs, not the 2013 revision's low risk 1–4).
    ['PGSI', 0, 'non-problem gambling'],
    ['PGSI', 1, 'low risk'],
    ['PGSI', 2, 'low risk'],
    ['PGSI', 3, 'moderate risk'],
    ['PGSI', 4, 'moderate risk'],
    ['PGSI', 7, 'moderate risk'],
    ['PGSI', 8, 'problem gambling'],
    ['PGSI', 27, 'problem gambling'],
    // CORE-10: Barkham et al. 2013, clinical cut-off 11.
    ['CORE-10', 5, 'healthy'],
    ['CORE-10', 6, 'low'],
    ['CORE-10', 10, 'low'],
    ['CORE-10', 11, 'mild'],
    ['CORE-10', 15, 'moderate'],
    ['CORE-10', 19, 'moderate'],
    ['CORE-10', 20, 'moderate-to-severe'],
    ['CORE-10', 24, 'moderate-to-severe'],
    ['CORE-10', 25, 'severe'],
    ['CORE-10', 40, 'severe'],
    // EPDS: Cox, Holden & Sagovsky 1987, 13 or more.
    ['EPDS', 12, 'below the cut-off for probable depression'],
    ['EPDS', 13, 'probable depression'],
    ['EPDS', 30, 'probable depression'],
    // WSAS: Mundt et al. 2002.
    ['WSAS', 9, 'subclinical'],
    ['WSAS', 10, 'significant functional impairment, less severe symptoms'],
    ['WSAS', 20, 'significant functional impairment, less severe symptoms'],
    ['WSAS', 21, 'moderately severe or worse'],
    // AUDIT-C: the positive screen depends on sex, so no band.
    ['AUDIT-C', 0, null],
    ['AUDIT-C', 4, null],
    ['AUDIT-C', 12, null],
  ] as const)('%s %i is %s', (instrument, value, band) => {
    expect(bandOf(instrument, value)).toBe(band);
  });
});

describe('scores said aloud', () => {
  it.each([
    ['Client: My ISI came to nineteen.', 'ISI', 19, 'moderate clinical insomnia'],
    ['Therapist: Your ISI was 19 out of 28 this week.', 'ISI', 19, 'moderate clinical insomnia'],
    ['therapist: so your i s i score is twenty three', 'ISI', 23, 'severe clinical insomnia'],
    ['Therapist: On the Insomnia Severity Index you scored 6.', 'ISI', 6, 'no clinically significant insomnia'],
    ['Client: The PGSI was eleven this time.', 'PGSI', 11, 'problem gambling'],
    ['therapist: your p g s i came out at two', 'PGSI', 2, 'low risk'],
    ['therapist: the PGS I you did in the waiting room, you scored nine on that', 'PGSI', 9, 'problem gambling'],
    ['Therapist: The Problem Gambling Severity Index came to 5.', 'PGSI', 5, 'moderate risk'],
    ['Therapist: Your CORE-10 is 12 today.', 'CORE-10', 12, 'mild'],
    ['therapist: your core ten came out at sixteen', 'CORE-10', 16, 'moderate'],
    ['Therapist: Your CORE score was 22.', 'CORE-10', 22, 'moderate-to-severe'],
    ['Therapist: Your AUDIT-C was 7.', 'AUDIT-C', 7, null],
    ['therapist: the audit c came to nine', 'AUDIT-C', 9, null],
    ['Therapist: Your EPDS came to 15 today.', 'EPDS', 15, 'probable depression'],
    ['therapist: the e p d s was eleven', 'EPDS', 11, 'below the cut-off for probable depression'],
    ['Therapist: On the Edinburgh scale you scored 14.', 'EPDS', 14, 'probable depression'],
    ['Therapist: Your WSAS is 24.', 'WSAS', 24, 'moderately severe or worse'],
    ['therapist: the w sas came to eighteen', 'WSAS', 18, 'significant functional impairment, less severe symptoms'],
    ['Therapist: Your work and social adjustment score was 9.', 'WSAS', 9, 'subclinical'],
  ])('reads "%s" as %s %i (%s)', (line, instrument, value, band) => {
    expect(read(line)).toEqual([[instrument, value, band]]);
  });

  it('reads the current and the previous score, who said it and when, as for the other instruments', () => {
    const [isi] = measuresOf(['Therapist: Your ISI is 14 today, down from 19 last month.', 'Client: That matches how I sleep.']);
    expect(isi).toMatchObject({ instrument: 'ISI', value: 14, outOf: 28, when: 'today', saidBy: 'therapist', band: 'subthreshold insomnia' });
    expect(isi!.previous).toMatchObject({ value: 19, when: 'last month', band: 'moderate clinical insomnia' });
  });

  it('reads an answer to a question naming the instrument', () => {
    expect(measuresOf(['Therapist: What did the PGSI come to this time?', 'Client: Eleven.'])[0]).toMatchObject({
      instrument: 'PGSI',
      value: 11,
      saidBy: 'client',
      turnIds: ['t0001', 't0002'],
    });
  });

  it('writes the band into the note: a range for ISI, a finding for EPDS', () => {
    const [isi, epds] = instrumentSentences(measuresOf(['Therapist: Your ISI was 19 and your EPDS was 15.', 'Client: Right.']));
    expect(isi!.text).toBe('ISI: 19/28 today (moderate clinical insomnia range).');
    expect(epds!.text).toBe('EPDS: 15/30 today (probable depression).');
  });

  it('keeps an AUDIT-C and a full AUDIT in one sentence apart', () => {
    expect(read('Therapist: Your AUDIT-C was 7 and the full AUDIT was 14.')).toEqual([
      ['AUDIT-C', 7, null],
      ['AUDIT', 14, 'hazardous'],
    ]);
  });
});

describe('what is not a score', () => {
  it.each([
    ['an ISI above its range', 'Therapist: Your ISI was 35.'],
    ['a PGSI above its range', 'Therapist: The PGSI came to 30.'],
    ['an AUDIT-C above its range', 'Therapist: Your AUDIT-C was 14.'],
    ['an EPDS above its range', 'Therapist: Your EPDS was 31.'],
    ['the maximum said as "out of 28"', 'Therapist: The ISI is out of 28.'],
    ['the scale’s range', 'Therapist: The ISI runs from 0 to 28.'],
    ['the maximum named', 'Therapist: On the PGSI the maximum is 27.'],
    ['the EPDS’s item 10 (self-harm), which is not its total', 'Therapist: On the EPDS, item 10 was a zero.'],
    ['the self-harm question', 'Therapist: On the EPDS the self-harm question was a 1.'],
    ['"core belief"', 'Client: That core belief is about a 7 now.'],
    ['"my core values"', 'Client: My core values, I would say 8 out of 10.'],
    ['a core belief in capitals', 'Therapist: Your CORE belief was a 7 last week.'],
    ['"audit of the accounts"', 'Client: The audit of the accounts came to 12.'],
    ['"the audit" as a word', 'Client: The audit at work was a 7, they said.'],
    ['a CORE-OM, another instrument', 'Therapist: Your CORE-OM was 18.'],
    ['a YP-CORE, another instrument', 'Therapist: Your YP-CORE was 18.'],
    ['"is i" in ordinary speech', 'Therapist: That is i think 12 now.'],
    ['"isi" inside a word', 'Client: The crisis line, 12 calls.'],
    ['Isi, a name', 'Client: Isi is 12 now.'],
  ])('leaves out %s', (_, line) => {
    expect(read(line)).toEqual([]);
  });

  it('reads the same sentences when they do name an instrument (the cases above are not left out for another reason)', () => {
    expect(read('Therapist: Your ISI was 28.')).toEqual([['ISI', 28, 'severe clinical insomnia']]);
    expect(read('Therapist: Your CORE score was a 7 last week.')).toEqual([['CORE-10', 7, 'low']]);
    expect(read('Client: The AUDIT score came to 12.')).toEqual([['AUDIT', 12, 'hazardous']]);
    expect(read('Therapist: On the EPDS, the total was a zero.')).toEqual([['EPDS', 0, 'below the cut-off for probable depression']]);
  });

  it('never reads an AUDIT-C score as an AUDIT', () => {
    for (const line of ['Therapist: AUDIT-C was 7.', 'Therapist: Your AUDIT-C score was 7.', 'therapist: the audit c was seven']) {
      const found = measuresOf([line, 'Client: Yes.']);
      expect(found.some((m) => m.instrument === 'AUDIT')).toBe(false);
      expect(found.map((m) => [m.instrument, m.value])).toEqual([['AUDIT-C', 7]]);
    }
  });

  it('reads an EPDS total said with an item’s answer, and not the item', () => {
    expect(read('Therapist: Your EPDS came to 14, and item 10 was a zero.')).toEqual([['EPDS', 14, 'probable depression']]);
  });
});

describe('whose score it is', () => {
  it.each([
    ['Client: Her ISI was 20 when she did it.', false],
    ["Client: My partner's PGSI score was 14.", false],
    ['Client: His CORE-10 was 22.', false],
    ['Client: His AUDIT-C was 9.', false],
    ['Client: My CORE-10 was 22.', true],
    ['Client: My EPDS came to 16.', true],
  ])('"%s" is the client’s own: %s', (line, own) => {
    const input = readSession(inlineTranscript([line, 'Therapist: Okay.']));
    const all = extractMeasures(input);
    expect(all).toHaveLength(1);
    expect(clientsMeasures(input, all)).toHaveLength(own ? 1 : 0);
  });
});

describe('entered scores', () => {
  it('accepts an in-range ISI and bands it in the series', () => {
    const measure = validateEnteredMeasure({ instrument: 'ISI', value: 19, date: '2026-09-20', source: 'client_self_report' }, TODAY);
    const [series] = buildMeasureSeries([], [measure]);
    expect(series).toMatchObject({ instrument: 'ISI', change: null, criteria: null });
    expect(series!.points).toMatchObject([{ value: 19, band: 'moderate clinical insomnia' }]);
  });

  it.each([
    [{ instrument: 'ISI', value: 29 }, 'value: ISI scores run from 0 to 28'],
    [{ instrument: 'PGSI', value: 28 }, 'value: PGSI scores run from 0 to 27'],
    [{ instrument: 'CORE-10', value: 41 }, 'value: CORE-10 scores run from 0 to 40'],
    [{ instrument: 'AUDIT-C', value: 13 }, 'value: AUDIT-C scores run from 0 to 12'],
    [{ instrument: 'EPDS', value: -1 }, 'value: EPDS scores run from 0 to 30'],
    [{ instrument: 'WSAS', value: 41 }, 'value: WSAS scores run from 0 to 40'],
    [{ instrument: 'ISI', value: 12.5 }, 'value: ISI scores are whole numbers'],
  ])('refuses %j naming value', (partial, message) => {
    expect(refusal({ ...partial, date: '2026-09-01', source: 'clinician' })).toEqual({ field: 'value', message });
  });
});
