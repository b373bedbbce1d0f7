import { buildAllianceReport } from '../../lambdas/core/alliance/engine.js';
import { analyzeSeries } from '../../lambdas/core/alliance/series.js';
import { parseTranscript } from '../../lambdas/core/transcript/index.js';
import { AllianceReportSchema, type AllianceReport } from '../../schemas/alliance.js';
import { AllianceSeriesSchema, type SeriesSession } from '../../schemas/series.js';
import { TREND_USAGE, parseTrendArgs } from './args.js';
import { EXIT_INTERNAL, EXIT_OK, fileFailure, type Failure } from './failure.js';
import type { CliIo } from './io.js';
import { createPaint, shouldColor, widthOf } from './terminal.js';
import { datedFiles, readTranscriptFile, type DatedFile } from './transcript-file.js';
import { renderTrendText } from './trend-text.js';

type Outcome = { session: SeriesSession; report: AllianceReport } | { failure: Failure };

async function analyzeSession(file: DatedFile, now: Date): Promise<Outcome> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readTranscriptFile(file.path);
    const transcript = parseTranscript(bytes, { filename: file.path });
    const report = AllianceReportSchema.parse(buildAllianceReport(file.path, transcript, now));
    // The report's risk is detectRisk's (lambdas/core/risk), computed with the alliance: the series keeps its text-free summary.
    const session: SeriesSession = {
      sessionId: file.session,
      date: file.date,
      alliance: report.alliance,
      metrics: report.metrics,
      risk: report.risk.summary,
    };
    return { report, session };
  } catch (error) {
    const text = bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    return { failure: fileFailure(file.path, error, text) };
  }
}

export async function runTrend(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseTrendArgs(argv);
  if (args.help) {
    io.stdout.write(TREND_USAGE);
    return EXIT_OK;
  }
  const files = datedFiles(args.files);
  let exitCode = EXIT_OK;
  const sessions: SeriesSession[] = [];
  let provenance: AllianceReport['provenance'] | undefined;
  for (const file of files) {
    const outcome = await analyzeSession(file, io.now());
    if ('failure' in outcome) {
      io.stderr.write(`${outcome.failure.line}\n`);
      if (outcome.failure.exitCode === EXIT_INTERNAL || exitCode === EXIT_OK) exitCode = outcome.failure.exitCode;
      continue;
    }
    sessions.push(outcome.session);
    provenance ??= outcome.report.provenance;
  }
  // Every file was refused and said so on stderr; an empty series would add nothing.
  if (sessions.length === 0 || provenance === undefined) return exitCode;
  // Checked at the edge, like every report: nothing that breaks the contract is printed.
  const series = AllianceSeriesSchema.parse(analyzeSeries(sessions));
  if (args.json) {
    io.stdout.write(`${JSON.stringify(series)}\n`);
  } else {
    const paint = createPaint(shouldColor(io.stdout.isTTY, io.env));
    const width = widthOf(io.stdout);
    io.stdout.write(renderTrendText(series, sessions, { paint, width, client: args.client, provenance }));
  }
  return exitCode;
}
