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

/**
 * Ranges as published: PHQ-9 0–27, GAD-7 0–21, PCL-5 0–80, AUDIT 0–40, AUDIT-C 0–12, ORS and SRS 0–40, SUDS
 * 0–100, ISI 0–28, PGSI 0–27, CORE-10 0–40, EPDS 0–30, WSAS 0–40; a rating 0–10 unless said out of 100.
 */
export const SCALES: Record<Exclude<Instrument, 'rating'>, Scale> = {
  'PHQ-9': { min: 0, max: 27, wholeNumbers: true },
  'GAD-7': { min: 0, max: 21, wholeNumbers: true },
  'PCL-5': { min: 0, max: 80, wholeNumbers: true },
  AUDIT: { min: 0, max: 40, wholeNumbers: true },
  'AUDIT-C': { min: 0, max: 12, wholeNumbers: true },
  ORS: { min: 0, max: 40, wholeNumbers: false },
  SRS: { min: 0, max: 40, wholeNumbers: false },
  SUDS: { min: 0, max: 100, wholeNumbers: true },
  ISI: { min: 0, max: 28, wholeNumbers: true },
  PGSI: { min: 0, max: 27, wholeNumbers: true },
  'CORE-10': { min: 0, max: 40, wholeNumbers: true },
  EPDS: { min: 0, max: 30, wholeNumbers: true },
  WSAS: { min: 0, max: 40, wholeNumbers: true },
};

export function scaleOf(instrument: Instrument, outOf: 10 | 100 = 10): Scale {
  return instrument === 'rating' ? { min: 0, max: outOf, wholeNumbers: false } : SCALES[instrument];
}

/**
 * Severity bands, each as its source publishes it:
 *
 * - PHQ-9: Kroenke, Spitzer & Williams (2001), J Gen Intern Med 16:606–613 (0–4 minimal, 5–9 mild, 10–14
 *   moderate, 15–19 moderately severe, 20–27 severe).
 * - GAD-7: Spitzer, Kroenke, Williams & Löwe (2006), Arch Intern Med 166:1092–1097 (0–4 minimal, 5–9 mild,
 *   10–14 moderate, 15–21 severe).
 * - SRS: at or below 36 suggests a strained alliance (Duncan & Miller's clinical cut-off).
 * - AUDIT: risk zones after the WHO manual (Babor et al. 2001).
 * - ISI: Bastien, Vallières & Morin (2001), Sleep Medicine 2:297–307 (0–7 no clinically significant
 *   insomnia, 8–14 subthreshold insomnia, 15–21 moderate clinical insomnia, 22–28 severe clinical insomnia).
 * - PGSI: Ferris & Wynne (2001), The Canadian Problem Gambling Index: Final Report (0 non-problem gambling,
 *   1–2 low risk, 3–7 moderate risk, 8+ problem gambling). The original cut-offs, not Currie et al.'s 2013
 *   revision (low risk 1–4, moderate 5–7), so a score reads as the instrument's own report defines it.
 * - CORE-10: Barkham et al. (2013), Counselling and Psychotherapy Research 13:3–13 (0–5 healthy, 6–10 low,
 *   11–14 mild, 15–19 moderate, 20–24 moderate-to-severe, 25–40 severe; 11 is the clinical cut-off).
 * - EPDS: Cox, Holden & Sagovsky (1987), Br J Psychiatry 150:782–786: 13 or more, probable depression; below
 *   13, below that cut-off (not "no depression": the authors suggest 10 for screening that misses fewer).
 *   Item 10 asks about self-harm: its answer is never inferred from a total, in either direction.
 * - WSAS: Mundt, Marks, Shear & Greist (2002), Br J Psychiatry 180:461–464 (below 10 subclinical, 10–20
 *   significant functional impairment with less severe symptoms, above 20 moderately severe or worse).
 *
 * Other scales are raw series: PCL-5, ORS, SUDS and AUDIT-C, whose usual screening cut-off depends on sex
 * (≥ 4 men, ≥ 3 women; Bush et al. 1998, Bradley et al. 2007), which a score alone does not carry.
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
    case 'ISI':
      return value >= 22
        ? 'severe clinical insomnia'
        : value >= 15
          ? 'moderate clinical insomnia'
          : value >= 8
            ? 'subthreshold insomnia'
            : 'no clinically significant insomnia';
    case 'PGSI':
      return value >= 8 ? 'problem gambling' : value >= 3 ? 'moderate risk' : value >= 1 ? 'low risk' : 'non-problem gambling';
    case 'CORE-10':
      return value >= 25 ? 'severe' : value >= 20 ? 'moderate-to-severe' : value >= 15 ? 'moderate' : value >= 11 ? 'mild' : value >= 6 ? 'low' : 'healthy';
    case 'EPDS':
      return value >= 13 ? 'probable depression' : 'below the cut-off for probable depression';
    case 'WSAS':
      return value > 20 ? 'moderately severe or worse' : value >= 10 ? 'significant functional impairment, less severe symptoms' : 'subclinical';
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
