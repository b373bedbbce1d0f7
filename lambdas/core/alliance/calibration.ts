/**
 * Calibration: what a 0-100 alliance score means. The dimensions' weighted means (dimensions.ts) are counts
 * on anchors; their raw values say "more" or "less" but not "good". Each raw value is mapped through a logistic
 * curve so that the calibrated score is, in percent, the chance that an expert would rate a session with this
 * evidence as good work, in a population with as many good as poor sessions: 50 is a coin toss, 60 and above
 * most experts would call good, below 50 most would not. The bands (schemas/alliance.ts) name those ranges.
 *
 * The curve's two numbers per score come from `npm run calibrate` (bench/calibrate.ts): a class-balanced
 * logistic regression of the expert labels on the raw score over the development data (the AnnoMI development
 * split and the development half of the paired set), with a penalty on the slope that keeps the curve from
 * turning into a step on a few dozen sessions. The mapping is monotone, so it changes no ranking and no AUC:
 * it gives the numbers a meaning, nothing else. It is refitted, never hand-edited; the file records what it was
 * fitted on.
 */
import type { DimensionName } from '../../../schemas/alliance.js';
import fitted from './calibration.json' with { type: 'json' };

/** calibrated = 100 / (1 + e^-(intercept + slope × (raw − 50) / 10)) */
export interface Logistic {
  intercept: number;
  slope: number;
}

export interface Calibration {
  fittedOn: string;
  fittedAt: string;
  overall: Logistic;
  goalAgreement: Logistic;
  dimensions: Record<DimensionName, Logistic>;
}

export const CALIBRATION: Calibration = fitted as Calibration;

/** A raw 0-100 score on the calibrated scale, rounded to a whole number. */
export function calibrate(raw: number, curve: Logistic): number {
  const z = curve.intercept + (curve.slope * (raw - 50)) / 10;
  return Math.round(100 / (1 + Math.exp(-z)));
}
