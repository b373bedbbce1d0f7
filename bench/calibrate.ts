/**
 * Fits the calibration curves (lambdas/core/alliance/calibration.ts) and writes calibration.json:
 *   npm run calibrate -- [--data ../shared/data/annomi-dev]
 *
 * For the overall score, each dimension and Goal Agreement: a logistic regression of the expert label (high
 * or good = 1) on the raw score, over the development sessions only (AnnoMI's even-numbered sessions and the
 * paired set's dev pairs; the held-out halves are never fitted on). Each class weighs half, so 50 means "as
 * likely good as poor" whatever the mix of the data; a ridge penalty on the slope keeps a few dozen sessions
 * from turning the curve into a step. The curve is monotone: it changes no ranking, only what a number means.
 */
import { writeFileSync } from 'node:fs';
import { DimensionNameSchema, type DimensionName } from '../schemas/alliance.js';
import { analyzeTranscript } from '../lambdas/core/alliance/engine.js';
import type { Calibration, Logistic } from '../lambdas/core/alliance/calibration.js';
import { loadAnnomi, loadPairs, type LabelledSession } from './alliance-sets.js';
import { fitLogistic, RIDGE } from './logistic.js';

const dataDir = process.argv.includes('--data') ? process.argv[process.argv.indexOf('--data') + 1]! : '../shared/data/annomi-dev';

function main(): void {
  const annomi = loadAnnomi(dataDir);
  if (!annomi) {
    process.stderr.write(`calibrate: no AnnoMI split at ${dataDir}; pass --data <dir>\n`);
    process.exit(2);
  }
  const sessions: LabelledSession[] = [...annomi, ...loadPairs()].filter((s) => s.split === 'dev');
  const dims = DimensionNameSchema.options;
  const points = {
    overall: [] as { raw: number; high: boolean }[],
    goalAgreement: [] as { raw: number; high: boolean }[],
    ...Object.fromEntries(dims.map((d) => [d, [] as { raw: number; high: boolean }[]])),
  } as Record<string, { raw: number; high: boolean }[]>;
  for (const s of sessions) {
    const a = analyzeTranscript(s.transcript);
    if (!a.raw || a.alliance.overall.abstained) continue;
    const high = s.quality === 'high';
    const used = dims.filter((d) => !a.alliance.dimensions[d].abstained);
    points.overall!.push({ raw: used.reduce((x, d) => x + a.raw!.dimensions[d], 0) / used.length, high });
    points.goalAgreement!.push({ raw: a.raw.goalAgreement, high });
    for (const d of dims) points[d]!.push({ raw: a.raw.dimensions[d], high });
  }
  const annomiDev = sessions.filter((s) => s.set === 'annomi').length;
  const pairsDev = sessions.length - annomiDev;
  const calibration: Calibration = {
    fittedOn: `${annomiDev} AnnoMI development sessions (even-numbered) and ${pairsDev} sessions of the paired set's dev pairs; class-balanced logistic regression, ridge ${RIDGE} on the slope`,
    fittedAt: new Date().toISOString().slice(0, 10),
    overall: fitLogistic(points.overall!),
    goalAgreement: fitLogistic(points.goalAgreement!),
    dimensions: Object.fromEntries(dims.map((d) => [d, fitLogistic(points[d]!)])) as Record<DimensionName, Logistic>,
  };
  const path = new URL('../lambdas/core/alliance/calibration.json', import.meta.url).pathname;
  writeFileSync(path, `${JSON.stringify(calibration, null, 2)}\n`);
  console.log(`calibration written to lambdas/core/alliance/calibration.json (${calibration.fittedOn})`);
  for (const [name, c] of Object.entries({ overall: calibration.overall, goalAgreement: calibration.goalAgreement, ...calibration.dimensions })) {
    const mid = 50 - (10 * c.intercept) / c.slope;
    console.log(`  ${name.padEnd(26)} 50 at raw ${mid.toFixed(1)}, slope ${c.slope} per 10 raw points`);
  }
}

main();
