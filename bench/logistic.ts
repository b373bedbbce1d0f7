/**
 * The calibration fit (bench/calibrate.ts), apart so it can be tested: a class-balanced logistic regression
 * with a ridge penalty on the slope.
 */
import type { Logistic } from '../lambdas/core/alliance/calibration.js';

/** Ridge penalty on the slope (per 10 raw points), in units of the balanced log-likelihood's total weight. */
export const RIDGE = 0.05;

/** Class-balanced logistic regression of y on x = (raw − 50) / 10, by Newton's method. */
export function fitLogistic(points: { raw: number; high: boolean }[], ridge = RIDGE): Logistic {
  const nHigh = points.filter((p) => p.high).length;
  const nLow = points.length - nHigh;
  if (nHigh === 0 || nLow === 0) throw new Error('calibration needs both high and low sessions');
  let a = 0;
  let b = 0.5;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0,
      gb = -ridge * b,
      haa = 0,
      hab = 0,
      hbb = -ridge;
    for (const p of points) {
      const w = p.high ? 0.5 / nHigh : 0.5 / nLow;
      const x = (p.raw - 50) / 10;
      const q = 1 / (1 + Math.exp(-(a + b * x)));
      const r = (p.high ? 1 : 0) - q;
      ga += w * r;
      gb += w * r * x;
      const v = w * q * (1 - q);
      haa -= v;
      hab -= v * x;
      hbb -= v * x * x;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { intercept: Number(a.toFixed(4)), slope: Number(b.toFixed(4)) };
}
