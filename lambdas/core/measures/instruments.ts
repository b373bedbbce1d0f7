/**
 * What each instrument's numbers mean: its range, its severity bands, and, where published, the criteria
 * for clinically meaningful change. One place for all of it, so a score said in session and a score entered
 * through the API are read the same way. Pure.
 */
import type { ChangeCriteria, Instrument } from '../../../schemas/plan.js';

export interface Scale {
  min: number;
  max: number;
  /** Totals of item scores are whole numbers; ORS and SRS are marked on 10 cm lines and scored to the millimetre. */
  wholeNumbers: boolean;
}

/** Ranges as published: PHQ-9 0–27, GAD-7 0–21, PCL-5 0–80, AUDIT 0–40, ORS and SRS 0–40, SUDS 0–100; a rating 0–10 unless said out of 100. */
export const SCALES: Record<Exclude<Instrument, 'rating'>, Scale> = {
  'PHQ-9': { min: 0, max: 27, wholeNumbers: true },
  'GAD-7': { min: 0, max: 21, wholeNumbers: true },
  'PCL-5': { min: 0, max: 80, wholeNumbers: true },
  AUDIT: { min: 0, max: 40, wholeNumbers: true },
  ORS: { min: 0, max: 40, wholeNumbers: false },
  SRS: { min: 0, max: 40, wholeNumbers: false },
  SUDS: { min: 0, max: 100, wholeNumbers: true },
};

export function scaleOf(instrument: Instrument, outOf: 10 | 100 = 10): Scale {
  return instrument === 'rating' ? { min: 0, max: outOf, wholeNumbers: false } : SCALES[instrument];
}

/**
 * Severity bands. PHQ-9: Kroenke, Spitzer & Williams (2001), J Gen Intern Med 16:606–613 (0–4 minimal, 5–9
 * mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe). GAD-7: Spitzer, Kroenke, Williams & Löwe
 * (2006), Arch Intern Med 166:1092–1097 (0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe). SRS at or below
 * 36 suggests a strained alliance (Duncan & Miller's clinical cut-off). AUDIT risk zones after the WHO manual
 * (Babor et al. 2001). Other scales are raw series.
 */
export function bandOf(instrument: Instrument, value: number): string | null {
  switch (instrument) {
    case 'PHQ-9':
      return value >= 20 ? 'severe' : value >= 15 ? 'moderately severe' : value >= 10 ? 'moderate' : value >= 5 ? 'mild' : 'minimal';
    case 'GAD-7':
      return value >= 15 ? 'severe' : value >= 10 ? 'moderate' : value >= 5 ? 'mild' : 'minimal';
    case 'SRS':
      return value <= 36 ? 'suggests a strained alliance' : null;
    case 'AUDIT':
      return value >= 20 ? 'possible dependence' : value >= 16 ? 'harmful' : value >= 8 ? 'hazardous' : 'low risk';
    default:
      return null;
  }
}

/**
 * Clinically meaningful change, for the instruments with published criteria. Lower is better on both.
 *
 * - PHQ-9: a reliable change is 6 points or more (McMillan, Gilbody & Richards 2010, "Defining successful
 *   treatment outcome in depression using the PHQ-9", J Affect Disord 127:122–129, reliable change index from
 *   the PHQ-9's test-retest reliability); response is a fall of 50 % or more from baseline and remission a
 *   score below 5 (Kroenke & Spitzer 2002, Psychiatric Annals 32:509–515).
 * - GAD-7: a reliable change is 4 points or more (Toussaint et al. 2020, J Affect Disord 265:395–401, whose
 *   minimal clinically important difference is 4; NHS Talking Therapies (IAPT) counts 4 as reliable change on
 *   the GAD-7); remission below 5, the top of Spitzer et al.'s minimal band, chosen over IAPT's caseness
 *   cut-off (below 8) so that both instruments read remission the same way, as "minimal symptoms"; response,
 *   a fall of 50 % or more, is the convention of anxiety treatment trials.
 */
export const CHANGE_CRITERIA: Partial<Record<Instrument, ChangeCriteria>> = {
  'PHQ-9': {
    reliableChangePoints: 6,
    responseFraction: 0.5,
    remissionBelow: 5,
    source: 'reliable change ≥ 6 (McMillan, Gilbody & Richards 2010); response ≥ 50 % fall, remission < 5 (Kroenke & Spitzer 2002)',
  },
  'GAD-7': {
    reliableChangePoints: 4,
    responseFraction: 0.5,
    remissionBelow: 5,
    source: 'reliable change ≥ 4 (Toussaint et al. 2020; NHS Talking Therapies); remission < 5 (minimal band, Spitzer et al. 2006); response ≥ 50 % fall',
  },
};
