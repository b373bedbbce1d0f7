/**
 * Measures said aloud, as a note writes them (CLINICAL-GUIDE §1): the value, when, the change, and the
 * instrument's band ("PHQ-9 12 today (moderate range), down from 16 three weeks ago (moderately severe)").
 * Standard instruments go with what was observed (Objective); the client's own 0-10 ratings with their report.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { MeasureMention, MeasureValue } from './extract/measures.js';
import { noteQuote } from './extract/quote.js';
import { sentence } from './phrasing.js';

function valueText(v: MeasureValue): string {
  return v.upTo !== null ? `${v.value}-${v.upTo}` : String(v.value);
}

/** Bands that read as a finding, not a range: the SRS's strained alliance, the EPDS's probable depression and its cut-off. */
const PHRASE_BANDS = new Set(['SRS', 'EPDS']);

function bandText(v: MeasureValue, instrument: string): string {
  if (v.band === null) return '';
  if (PHRASE_BANDS.has(instrument)) return ` (${v.band})`;
  return ` (${v.band}${/range$/.test(v.band) ? '' : ' range'})`;
}

function when(v: MeasureValue): string {
  return v.when === null ? '' : v.when === 'today' ? ' today' : ` ${v.when}`;
}

function change(m: MeasureMention): string {
  const p = m.previous;
  if (!p) return '';
  const dir = m.value < p.value ? 'down from' : m.value > p.value ? 'up from' : 'unchanged from';
  return `, ${dir} ${valueText(p)}${when(p)}${bandText(p, m.instrument)}`;
}

/**
 * The same score said twice (read out at the start, summed up at the end) is one fact: the first mention,
 * with the earlier value the other gave and both places cited.
 */
export function mergeRepeats(measures: readonly MeasureMention[]): MeasureMention[] {
  const out: MeasureMention[] = [];
  for (const m of measures) {
    const same = m.instrument === 'rating' ? undefined : out.find((k) => k.instrument === m.instrument && k.value === m.value && k.upTo === m.upTo);
    if (!same) {
      out.push({ ...m, turnIds: [...m.turnIds] });
      continue;
    }
    if (same.previous === null && m.previous !== null) same.previous = m.previous;
    for (const id of m.turnIds) if (!same.turnIds.includes(id)) same.turnIds.push(id);
  }
  return out;
}

/** PHQ-9, GAD-7, PCL-5, AUDIT, AUDIT-C, ORS, SRS, SUDS, ISI, PGSI, CORE-10, EPDS and WSAS scores. */
export function instrumentSentences(measures: readonly MeasureMention[]): NoteSentence[] {
  return mergeRepeats(measures)
    .filter((m) => m.instrument !== 'rating')
    .map((m) => {
      const reported = m.saidBy === 'client' ? ' (as Client reported it)' : '';
      return sentence(`${m.instrument}: ${valueText(m)}/${m.outOf}${when(m)}${bandText(m, m.instrument)}${change(m)}${reported}.`, m.turnIds);
    });
}

/** The client's 0-10 (or 0-5) ratings, each with what it rated and the client's words. */
export function ratingSentences(measures: readonly MeasureMention[]): NoteSentence[] {
  // A rating without what it rated ("a 10") tells a reader nothing; it is left out.
  return measures
    .filter((m) => m.instrument === 'rating' && m.ratingOf !== null)
    .map((m) => {
      const of = `${m.ratingOf} `;
      const previous = m.previous ? `, compared with ${valueText(m.previous)}${when(m.previous)}` : '';
      const words = m.quote ? ` ("${noteQuote(m.quote, 14)}")` : '';
      const who = m.saidBy === 'client' ? 'Client rated' : 'Rated';
      return sentence(`${who} ${of}${valueText(m)}/${m.outOf}${when(m)}${previous}${words}.`, m.turnIds);
    });
}

/** What the instruments say together, for the Assessment: the band and the direction of change. */
export function measureImpression(measures: readonly MeasureMention[]): NoteSentence[] {
  const out: NoteSentence[] = [];
  for (const m of mergeRepeats(measures)) {
    if (m.instrument === 'rating' || m.band === null || !m.previous || m.previous.band === null) continue;
    if (m.previous.value === m.value) continue;
    const better = m.instrument === 'ORS' || m.instrument === 'SRS' ? m.value > m.previous.value : m.value < m.previous.value;
    out.push(
      sentence(
        `${m.instrument} ${better ? 'improved' : 'worsened'} from ${valueText(m.previous)} (${m.previous.band}) to ${valueText(m)} (${m.band}).`,
        m.turnIds,
      ),
    );
  }
  return out;
}
