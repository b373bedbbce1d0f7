/**
 * Scores entered outside a session (a questionnaire filled in at home, a score from another record): checked
 * at the edge so a bad value never reaches a series. Each refusal names the field and says what to send,
 * and never echoes what was sent (a caller's text may be anything). Pure: "today" is the caller's.
 */
import { InvalidInputError } from '../errors.js';
import { EnteredMeasureSchema, InstrumentSchema, MeasureSourceSchema, type EnteredMeasure } from '../../../schemas/plan.js';
import { SessionDateSchema } from '../../../schemas/series.js';
import { scaleOf } from './instruments.js';

export type MeasureField = 'instrument' | 'value' | 'date' | 'source' | 'ratingOf' | 'outOf' | 'body';

/** An entered score that cannot be used: `field` names what to fix (an API answers it as the problem's pointer). */
export class InvalidMeasureError extends InvalidInputError {
  constructor(
    readonly field: MeasureField,
    message: string,
  ) {
    super(`${field}: ${message}`, 'invalid_measure');
  }
}

const list = (values: readonly string[]) => values.join(', ');

/**
 * The entered score, validated: a known instrument, a value within its range (whole for summed
 * questionnaires), a real date not after `today` (YYYY-MM-DD, the caller's calendar day), a known source.
 *
 * @example
 * validateEnteredMeasure({ instrument: 'PHQ-9', value: 12, date: '2026-09-20', source: 'client_self_report' }, '2026-09-29');
 * validateEnteredMeasure({ instrument: 'PHQ-9', value: 31, date: '2026-09-20', source: 'clinician' }, '2026-09-29');
 * // throws InvalidMeasureError: "value: PHQ-9 scores run from 0 to 27"
 */
export function validateEnteredMeasure(input: unknown, today: string): EnteredMeasure {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidMeasureError('body', 'send an object with instrument, value, date and source');
  }
  const raw = input as Record<string, unknown>;
  if (!InstrumentSchema.safeParse(raw.instrument).success) {
    throw new InvalidMeasureError('instrument', `not an instrument Attune reads: give one of ${list(InstrumentSchema.options)}`);
  }
  const instrument = InstrumentSchema.parse(raw.instrument);
  if (raw.outOf !== undefined && (instrument !== 'rating' || (raw.outOf !== 10 && raw.outOf !== 100))) {
    throw new InvalidMeasureError('outOf', instrument === 'rating' ? 'a rating is out of 10 or 100' : 'only a rating takes outOf');
  }
  if (raw.ratingOf !== undefined && (instrument !== 'rating' || typeof raw.ratingOf !== 'string' || raw.ratingOf.trim().length === 0)) {
    throw new InvalidMeasureError('ratingOf', instrument === 'rating' ? 'say what was rated, e.g. "mood"' : 'only a rating takes ratingOf');
  }
  const scale = scaleOf(instrument, raw.outOf === 100 ? 100 : 10);
  const value = raw.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidMeasureError('value', 'give the score as a number');
  if (value < scale.min || value > scale.max) throw new InvalidMeasureError('value', `${instrument} scores run from ${scale.min} to ${scale.max}`);
  if (scale.wholeNumbers && !Number.isInteger(value)) throw new InvalidMeasureError('value', `${instrument} scores are whole numbers`);
  if (!SessionDateSchema.safeParse(raw.date).success) throw new InvalidMeasureError('date', 'give the date the measure was taken as YYYY-MM-DD');
  if ((raw.date as string) > today) throw new InvalidMeasureError('date', `the date is after today (${today}): give the date the measure was taken`);
  if (!MeasureSourceSchema.safeParse(raw.source).success) {
    throw new InvalidMeasureError('source', `give one of ${list(MeasureSourceSchema.options)}`);
  }
  const known = new Set(['instrument', 'value', 'date', 'source', 'ratingOf', 'outOf']);
  if (Object.keys(raw).some((k) => !known.has(k))) {
    throw new InvalidMeasureError('body', `only ${list([...known])} are read: remove the other fields`);
  }
  return EnteredMeasureSchema.parse(raw);
}
