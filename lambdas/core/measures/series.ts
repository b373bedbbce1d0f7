/**
 * One series per instrument, from the scores said in sessions (the note engine's measure reader) and the
 * scores entered outside them, with severity bands and, for PHQ-9 and GAD-7, clinically meaningful change
 * from the first score (the baseline) to the latest. Pure.
 */
import type { EnteredMeasure, Instrument, MeasureChange, MeasurePoint, MeasureSeries } from '../../../schemas/plan.js';
import type { MeasureMention } from '../notes/extract/measures.js';
import { CHANGE_CRITERIA, bandOf, scaleOf } from './instruments.js';

/** The scores one session said aloud, with the session's id and date. */
export interface SessionMeasures {
  session: string;
  date: string;
  mentions: readonly MeasureMention[];
}

/**
 * The points a session gives a series: scores of that session only. A value said for another time ("it was
 * 16 at intake") has no date of its own, so it is not placed on the calendar (it stays in that session's
 * note); a range ("between 3 and 4") is not one value; and a rating of nothing named ("how strongly do you
 * believe it?") cannot be told apart from another such rating, so it makes no series.
 */
export function sessionPoints(session: SessionMeasures): MeasurePoint[] {
  return scaledSessionPoints(session).map((s) => s.point);
}

/** A period that ends now: a rating of it is this session's reading. */
const CURRENT_PERIOD = /^(?:this (?:week|past week)|these days|over the (?:past|last) (?:week|two weeks|fortnight|few days))$/;

interface Scaled {
  point: MeasurePoint;
  /** A rating's scale top (a 0–100 rating is not the 0–10 one); 10 for instruments, whose scale is their own. */
  outOf: 10 | 100;
}

function scaledSessionPoints(session: SessionMeasures): Scaled[] {
  return session.mentions.flatMap((m): Scaled[] => {
    // The session's own reading: today, or the period just past as the client rated it ("this week").
    if ((m.when !== 'today' && !(m.when !== null && CURRENT_PERIOD.test(m.when))) || m.upTo !== null) return [];
    if (m.instrument === 'rating' && m.ratingOf === null) return [];
    const point: MeasurePoint = {
      instrument: m.instrument,
      ratingOf: m.instrument === 'rating' ? m.ratingOf : null,
      value: m.value,
      band: bandOf(m.instrument, m.value),
      date: session.date,
      session: session.session,
      turnId: m.turnIds.at(-1)!,
    };
    return [{ point, outOf: m.instrument === 'rating' && m.outOf === 100 ? 100 : 10 }];
  });
}

export function enteredPoint(entered: EnteredMeasure): MeasurePoint {
  return {
    instrument: entered.instrument,
    ratingOf: entered.instrument === 'rating' ? (entered.ratingOf ?? null) : null,
    value: entered.value,
    band: bandOf(entered.instrument, entered.value),
    date: entered.date,
    source: entered.source,
  };
}

/** Baseline to latest, read against the instrument's published criteria (instruments.ts). */
export function changeOf(instrument: Instrument, points: readonly MeasurePoint[]): MeasureChange | null {
  const criteria = CHANGE_CRITERIA[instrument];
  if (!criteria || points.length < 2) return null;
  const baseline = points[0]!;
  const latest = points.at(-1)!;
  const difference = latest.value - baseline.value;
  const reliableChange =
    Math.abs(difference) < criteria.reliableChangePoints ? 'no_reliable_change' : difference < 0 ? 'reliable_improvement' : 'reliable_deterioration';
  return {
    baseline,
    latest,
    difference,
    reliableChange,
    // A baseline of 0 has nothing to fall from: no response can be read.
    response: baseline.value > 0 && baseline.value - latest.value >= criteria.responseFraction * baseline.value,
    remission: latest.value < criteria.remissionBelow,
  };
}

/** Said in session before entered on the same day, then in turn order: a stable order for a stable baseline. */
function byTime(a: MeasurePoint, b: MeasurePoint): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if ((a.session === undefined) !== (b.session === undefined)) return a.session === undefined ? 1 : -1;
  return (a.turnId ?? '').localeCompare(b.turnId ?? '');
}

/**
 * Every score as one series per instrument (a rating per what was rated and its scale), in date order.
 *
 * @example
 * buildMeasureSeries([{ session: '2026-09-01', date: '2026-09-01', mentions: extractMeasures(readSession(t)) }], []);
 * // [{ instrument: 'PHQ-9', points: [{ value: 16, band: 'moderately severe', session: '2026-09-01', turnId: 't0020', … }], change: null, … }]
 */
export function buildMeasureSeries(sessions: readonly SessionMeasures[], entered: readonly EnteredMeasure[]): MeasureSeries[] {
  const scaled: Scaled[] = [
    ...sessions.flatMap(scaledSessionPoints),
    ...entered.map((e): Scaled => ({ point: enteredPoint(e), outOf: e.instrument === 'rating' ? (e.outOf ?? 10) : 10 })),
  ].sort((a, b) => byTime(a.point, b.point));
  const groups = new Map<string, Scaled[]>();
  for (const s of scaled) {
    const key = `${s.point.instrument}\u0000${s.point.ratingOf ?? ''}\u0000${s.outOf}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((group) => {
    const { point: first, outOf } = group[0]!;
    const scale = scaleOf(first.instrument, outOf);
    const points = group.map((g) => g.point);
    return {
      instrument: first.instrument,
      ratingOf: first.ratingOf,
      scale: { min: scale.min, max: scale.max },
      points,
      change: changeOf(first.instrument, points),
      criteria: CHANGE_CRITERIA[first.instrument] ?? null,
    };
  });
}
