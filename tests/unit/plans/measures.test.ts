import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { type InvalidMeasureError, SCALES, buildMeasureSeries, validateEnteredMeasure } from '../../../lambdas/core/measures/index.js';
import { readSession } from '../../../lambdas/core/notes/extract/input.js';
import { extractMeasures } from '../../../lambdas/core/notes/extract/measures.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { InstrumentSchema, MeasureSeriesSchema, MeasureSourceSchema, type EnteredMeasure } from '../../../schemas/plan.js';

const TODAY = '2026-09-29';
const said = (session: string, lines: string[]) => ({ session, date: session, mentions: extractMeasures(readSession(parseTranscript(lines.join('\n')))) });
const entered = (instrument: EnteredMeasure['instrument'], value: number, date: string): EnteredMeasure => ({
  instrument,
  value,
  date,
  source: 'client_self_report',
});

/** The field an entered measure is refused for. */
function refusedField(input: unknown): string | undefined {
  try {
    validateEnteredMeasure(input, TODAY);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidMeasureError).field;
  }
}

describe('one series per instrument, with bands and clinically meaningful change', () => {
  it('joins PHQ-9 scores said in sessions and entered outside them, in date order, with the change from baseline', () => {
    // Prepare
    const first = said('2026-09-01', ['Therapist: Your PHQ-9 came out at 16 and your GAD-7 at 13.', 'Client: That sounds about right.']);
    const later = said('2026-09-29', ['Therapist: Your PHQ-9 is 9 today and your GAD-7 is 6.', 'Client: Good.']);

    // Act
    const series = buildMeasureSeries([later, first], [entered('PHQ-9', 12, '2026-09-15')]);

    // Assess
    const phq = series.find((s) => s.instrument === 'PHQ-9')!;
    expect(MeasureSeriesSchema.parse(phq)).toEqual(phq);
    expect(phq.points.map((p) => [p.value, p.band, p.session ?? p.source])).toEqual([
      [16, 'moderately severe', '2026-09-01'],
      [12, 'moderate', 'client_self_report'],
      [9, 'mild', '2026-09-29'],
    ]);
    expect(phq.points[0]!.turnId).toBe('t0001');
    // 16 → 9: 7 points is beyond the PHQ-9's reliable change of 6; a response needs 8 or less; remission below 5.
    expect(phq.change).toMatchObject({ difference: -7, reliableChange: 'reliable_improvement', response: false, remission: false });
    const gad = series.find((s) => s.instrument === 'GAD-7')!;
    // 13 → 6: reliable (≥ 4) and a response (a fall of at least half), not remission (< 5).
    expect(gad.change).toMatchObject({ difference: -7, reliableChange: 'reliable_improvement', response: true, remission: false });
  });

  it('reads a rise of the reliable-change size as deterioration, and a smaller one as no reliable change', () => {
    const up = buildMeasureSeries([], [entered('GAD-7', 5, '2026-09-01'), entered('GAD-7', 9, '2026-09-08')])[0]!;
    const small = buildMeasureSeries([], [entered('PHQ-9', 14, '2026-09-01'), entered('PHQ-9', 9, '2026-09-08')])[0]!;

    expect(up.change?.reliableChange).toBe('reliable_deterioration');
    expect(small.change).toMatchObject({ difference: -5, reliableChange: 'no_reliable_change' });
  });

  it('keeps raw series for ratings and SUDS, without change criteria, and leaves out values said for another time', () => {
    const session = said('2026-09-22', [
      'Therapist: How has your mood been, zero to ten?',
      'Client: Maybe a six.',
      'Therapist: Last month your PHQ-9 was 18.',
      'Client: Yes.',
    ]);

    const series = buildMeasureSeries([session], [{ instrument: 'SUDS', value: 40, date: '2026-09-20', source: 'clinician' }]);

    expect(series.map((s) => [s.instrument, s.ratingOf, s.points.map((p) => p.value), s.change, s.criteria])).toEqual([
      ['SUDS', null, [40], null, null],
      ['rating', 'mood', [6], null, null],
    ]);
  });

  it('gives one point no change', () => {
    expect(buildMeasureSeries([], [entered('PHQ-9', 20, '2026-09-01')])[0]!.change).toBeNull();
  });
});

describe('entered measures are validated, each refusal naming its field', () => {
  it.each([
    ['an unknown instrument', { instrument: 'BDI-II', value: 10, date: '2026-09-01', source: 'clinician' }, 'instrument'],
    ['a PHQ-9 above 27', { instrument: 'PHQ-9', value: 28, date: '2026-09-01', source: 'clinician' }, 'value'],
    ['a negative GAD-7', { instrument: 'GAD-7', value: -1, date: '2026-09-01', source: 'clinician' }, 'value'],
    ['a PHQ-9 that is not whole', { instrument: 'PHQ-9', value: 9.5, date: '2026-09-01', source: 'clinician' }, 'value'],
    ['a value that is not a number', { instrument: 'ORS', value: '30', date: '2026-09-01', source: 'clinician' }, 'value'],
    ['a date in the future', { instrument: 'PHQ-9', value: 9, date: '2026-09-30', source: 'clinician' }, 'date'],
    ['a date that does not exist', { instrument: 'PHQ-9', value: 9, date: '2026-02-30', source: 'clinician' }, 'date'],
    ['an unknown source', { instrument: 'PHQ-9', value: 9, date: '2026-09-01', source: 'gossip' }, 'source'],
    ['a rating of 11 out of 10', { instrument: 'rating', value: 11, date: '2026-09-01', source: 'clinician', ratingOf: 'mood' }, 'value'],
    ['outOf on an instrument', { instrument: 'PHQ-9', value: 9, date: '2026-09-01', source: 'clinician', outOf: 100 }, 'outOf'],
    ['a field nobody reads', { instrument: 'PHQ-9', value: 9, date: '2026-09-01', source: 'clinician', note: 'x' }, 'body'],
    ['not an object', [1, 2], 'body'],
  ])('refuses %s', (_, input, field) => {
    expect(refusedField(input)).toBe(field);
  });

  it('never quotes what was sent', () => {
    expect(() => validateEnteredMeasure({ instrument: 'Jordan feels awful', value: 1, date: '2026-09-01', source: 'clinician' }, TODAY)).toThrow(
      /^instrument: not an instrument Attune reads: give one of PHQ-9, GAD-7/,
    );
    expect(() => validateEnteredMeasure({ instrument: 'Jordan feels awful', value: 1, date: '2026-09-01', source: 'clinician' }, TODAY)).not.toThrow(/Jordan/);
  });

  it('accepts every in-range score on a past date, and a series of them never throws', () => {
    const instrument = fc.constantFrom(...InstrumentSchema.options);
    const valid = instrument.chain((name) => {
      const max = name === 'rating' ? 10 : SCALES[name].max;
      const whole = name === 'rating' || name === 'ORS' || name === 'SRS' ? false : SCALES[name].wholeNumbers;
      const value = whole ? fc.integer({ min: 0, max }) : fc.double({ min: 0, max, noNaN: true });
      const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
      return fc.record({ instrument: fc.constant(name), value, date: day, source: fc.constantFrom(...MeasureSourceSchema.options) });
    });
    fc.assert(
      fc.property(fc.array(valid, { maxLength: 12 }), (inputs) => {
        const measures = inputs.map((input) => validateEnteredMeasure(input, TODAY));
        const series = buildMeasureSeries([], measures);
        expect(series.flatMap((s) => s.points)).toHaveLength(inputs.length);
        for (const s of series) MeasureSeriesSchema.parse(s);
      }),
      { numRuns: 200 },
    );
  });
});
