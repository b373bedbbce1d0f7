/**
 * Measures as the Client page shows them: a title per series, the severity bands of PHQ-9 and GAD-7 as
 * horizontal lines on their charts, clinically meaningful change in words, and the form that enters a score
 * (POST /clients/{clientId}/measures), whose 400 names the fields that are wrong.
 *
 * The bands come from the same function the API bands a score with (lambdas/core/measures/instruments.ts),
 * so the chart's lines and the points' band labels cannot disagree.
 */
import { bandOf } from '../../../../lambdas/core/measures/instruments.js';
import type { Instrument, MeasureSource } from '../../../../schemas/plan.js';
import type { AnyMeasurePoint, AnyMeasureSeries } from './types.js';

export const INSTRUMENTS: readonly Instrument[] = [
  'PHQ-9',
  'GAD-7',
  'PCL-5',
  'AUDIT',
  'AUDIT-C',
  'ISI',
  'PGSI',
  'CORE-10',
  'EPDS',
  'WSAS',
  'ORS',
  'SRS',
  'SUDS',
  'rating',
];

export const INSTRUMENT_LABELS: Readonly<Record<Instrument, string>> = {
  'PHQ-9': 'PHQ-9 (depression, 0–27)',
  'GAD-7': 'GAD-7 (anxiety, 0–21)',
  'PCL-5': 'PCL-5 (PTSD, 0–80)',
  AUDIT: 'AUDIT (alcohol use, 0–40)',
  'AUDIT-C': 'AUDIT-C (alcohol use, short form, 0–12)',
  ISI: 'ISI (insomnia, 0–28)',
  PGSI: 'PGSI (problem gambling, 0–27)',
  'CORE-10': 'CORE-10 (psychological distress, 0–40)',
  EPDS: 'EPDS (postnatal depression, 0–30)',
  WSAS: 'WSAS (work and social functioning, 0–40)',
  ORS: 'ORS (outcome rating, 0–40)',
  SRS: 'SRS (session rating, 0–40)',
  SUDS: 'SUDS (distress, 0–100)',
  rating: 'A 0–10 or 0–100 rating of something named',
};

export const SOURCE_LABELS: Readonly<Record<MeasureSource, string>> = {
  client_self_report: 'Client self-report',
  clinician: 'Rated by the clinician',
  imported: 'Imported from another record',
};

/** "PHQ-9", "Rating of mood (0–10)", or "Rating (0–10)" when the answer does not say of what (a supervisor's). */
export function seriesTitle(series: Pick<AnyMeasureSeries, 'instrument' | 'scale'> & { ratingOf?: string | null }): string {
  if (series.instrument !== 'rating') return series.instrument;
  const of = series.ratingOf ? ` of ${series.ratingOf}` : '';
  return `Rating${of} (${series.scale.min}–${series.scale.max})`;
}

export interface BandLine {
  /** The band's lowest score. */
  y: number;
  band: string;
  title: string;
}

/**
 * The lowest score of each severity band above the scale's bottom (PHQ-9: mild 5, moderate 10, moderately
 * severe 15, severe 20); empty for an instrument without bands. Only for whole-number scales with bands.
 */
export function bandLines(instrument: Instrument, scale: { min: number; max: number }): BandLine[] {
  if (instrument !== 'PHQ-9' && instrument !== 'GAD-7') return [];
  const lines: BandLine[] = [];
  let previous = bandOf(instrument, scale.min);
  for (let value = scale.min + 1; value <= scale.max; value++) {
    const band = bandOf(instrument, value);
    if (band !== null && band !== previous) lines.push({ y: value, band, title: `${capitalise(band)} from ${value}` });
    previous = band;
  }
  return lines;
}

const RELIABLE_WORDS: Readonly<Record<string, string>> = {
  reliable_improvement: 'reliable improvement',
  reliable_deterioration: 'reliable deterioration',
  no_reliable_change: 'no reliable change',
};

export interface ChangeWords {
  /** "16 (moderately severe) on 2026-09-01 → 9 (mild) on 2026-09-29: −7" */
  summary: string;
  reliableChange: string;
  response: string;
  remission: string;
  source: string | null;
}

/** Clinically meaningful change from the baseline to the latest score, in words; null without it. */
export function changeWords(series: Pick<AnyMeasureSeries, 'change' | 'criteria'>): ChangeWords | null {
  const change = series.change;
  if (!change) return null;
  const at = (point: AnyMeasurePoint) => `${point.value}${point.band ? ` (${point.band})` : ''} on ${point.date}`;
  const difference = change.difference > 0 ? `+${change.difference}` : change.difference < 0 ? `−${Math.abs(change.difference)}` : '0';
  return {
    summary: `${at(change.baseline)} → ${at(change.latest)}: ${difference}`,
    reliableChange: RELIABLE_WORDS[change.reliableChange] ?? change.reliableChange.replaceAll('_', ' '),
    response: change.response ? 'yes' : 'not yet',
    remission: change.remission ? 'yes' : 'not yet',
    source: series.criteria?.source ?? null,
  };
}

/** The chart's y axis: the instrument's whole scale. */
export function yDomain(series: Pick<AnyMeasureSeries, 'scale'>): [number, number] {
  return [series.scale.min, series.scale.max];
}

/** Where a point came from: "said in session 2026-09-22" or "entered (client self-report)". */
export function pointOrigin(point: AnyMeasurePoint): string {
  if (point.session) return `Said in session ${point.session}`;
  return point.source ? `Entered (${SOURCE_LABELS[point.source].toLowerCase()})` : 'Entered';
}

// ── The form ──────────────────────────────────────────────────────────────────────────────────────────

export interface MeasureDraft {
  instrument: Instrument | '';
  value: string;
  date: string;
  source: MeasureSource | '';
  /** For a rating: what it is of. */
  ratingOf: string;
  /** For a rating: its scale's top. */
  outOf: '10' | '100';
}

export type MeasureField = 'instrument' | 'value' | 'date' | 'source' | 'ratingOf' | 'outOf';
export type FieldErrors = Partial<Record<MeasureField, string>>;

export const EMPTY_DRAFT: MeasureDraft = { instrument: '', value: '', date: '', source: '', ratingOf: '', outOf: '10' };

export interface MeasureBody {
  instrument: Instrument;
  value: number;
  date: string;
  source: MeasureSource;
  ratingOf?: string;
  outOf?: 10 | 100;
}

/**
 * What the form checks before sending: that each field is filled in and the value is a number. Ranges,
 * dates after today and the rest are the API's to judge: its 400 names the field (fieldErrorsOf).
 */
export function checkDraft(draft: MeasureDraft): { body: MeasureBody; errors?: undefined } | { body?: undefined; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (draft.instrument === '') errors.instrument = 'Choose an instrument';
  const text = draft.value.trim();
  const value = Number(text);
  if (text === '') errors.value = 'Enter the score';
  else if (!Number.isFinite(value)) errors.value = 'The score is a number, such as 12';
  if (draft.date.trim() === '') errors.date = 'Enter the date the score was taken (YYYY-MM-DD)';
  if (draft.source === '') errors.source = 'Choose where the score came from';
  if (draft.instrument === 'rating' && draft.ratingOf.trim() === '') errors.ratingOf = 'Say what the rating is of, such as mood';
  if (Object.keys(errors).length > 0 || draft.instrument === '' || draft.source === '') return { errors };
  const body: MeasureBody = { instrument: draft.instrument, value, date: draft.date.trim(), source: draft.source };
  if (draft.instrument === 'rating') {
    body.ratingOf = draft.ratingOf.trim();
    body.outOf = draft.outOf === '100' ? 100 : 10;
  }
  return { body };
}

const POINTER_FIELDS: Readonly<Record<string, MeasureField>> = {
  '/instrument': 'instrument',
  '/value': 'value',
  '/date': 'date',
  '/source': 'source',
  '/ratingOf': 'ratingOf',
  '/outOf': 'outOf',
};

/**
 * A 400's `errors` (JSON pointers) as the form's field errors; every problem the fields cannot hold (another
 * status, a pointer of no field) is left for the form's alert. Several errors on one field are joined.
 */
export function fieldErrorsOf(error: unknown): { fields: FieldErrors; unplaced: boolean } {
  const problem = problemOf(error);
  const fields: FieldErrors = {};
  if (problem?.status !== 400 || !Array.isArray(problem.errors) || problem.errors.length === 0) return { fields, unplaced: true };
  let unplaced = false;
  for (const entry of problem.errors) {
    const field = POINTER_FIELDS[entry.pointer];
    if (!field) {
      unplaced = true;
      continue;
    }
    const detail = fieldDetail(field, entry.detail ?? 'Not valid');
    fields[field] = fields[field] ? `${fields[field]}; ${detail}` : detail;
  }
  return { fields, unplaced };
}

/** "value: PHQ-9 scores run from 0 to 27" → "PHQ-9 scores run from 0 to 27": the field already says which. */
function fieldDetail(field: MeasureField, detail: string): string {
  const prefix = `${field}: `;
  const text = detail.startsWith(prefix) ? detail.slice(prefix.length) : detail;
  return capitalise(text);
}

interface ProblemLike {
  status: number;
  errors?: { pointer: string; detail?: string }[];
}

/** The problem+json of an ApiError (web/src/api.ts), read by shape so a test needs no server. */
export function problemOf(error: unknown): ProblemLike | undefined {
  if (typeof error !== 'object' || error === null || !('problem' in error)) return undefined;
  const problem = (error as { problem: unknown }).problem;
  if (typeof problem !== 'object' || problem === null || typeof (problem as ProblemLike).status !== 'number') return undefined;
  return problem as ProblemLike;
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** Today in the browser's time zone, YYYY-MM-DD: the date field's default. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export interface MeasureChartPoint {
  x: string;
  y: number;
  point: AnyMeasurePoint;
}

/**
 * A series' points on a categorical axis of dates in order: a second score on one date is "2026-09-22 (2)",
 * so it keeps its own place.
 */
export function measureChartPoints(series: Pick<AnyMeasureSeries, 'points'>): MeasureChartPoint[] {
  const seen = new Map<string, number>();
  return [...series.points]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((point) => {
      const count = (seen.get(point.date) ?? 0) + 1;
      seen.set(point.date, count);
      return { x: count === 1 ? point.date : `${point.date} (${count})`, y: point.value, point };
    });
}

/** The chart in words: every score with its band, and the change. */
export function measureDescription(series: AnyMeasureSeries): string {
  const title = seriesTitle(series);
  const points = measureChartPoints(series).map(({ x, point }) => `${x} ${point.value}${point.band ? ` (${point.band})` : ''}`);
  const change = changeWords(series);
  const parts = [`${title}, ${points.length} ${points.length === 1 ? 'score' : 'scores'}: ${points.join(', ')}.`];
  if (change) parts.push(`Change ${change.summary}; ${change.reliableChange}; response ${change.response}; remission ${change.remission}.`);
  return parts.join(' ');
}
