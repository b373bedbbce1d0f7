/**
 * `attune analyze <file...>`: each file is read, parsed, scored (and given a progress note when asked)
 * and validated against the AllianceReport contract on its own, so one bad file never hides the
 * reports of the others.
 */
import { AllianceReportSchema, type AllianceReport } from '../../schemas/alliance.js';
import type { NoteFormat } from '../../schemas/note.js';
import type { Transcript } from '../../schemas/transcript.js';
import { buildAllianceReport } from '../../lambdas/core/alliance/engine.js';
import { generateWithModel, scoreAllianceWithModel } from '../../lambdas/core/model/generate.js';
import { writeProgressNote } from '../../lambdas/core/notes/index.js';
import { writeSupervisionReport } from '../../lambdas/core/supervision/index.js';
import { detectRisk, findingsFromStatements, mergeRiskFindings } from '../../lambdas/core/risk/index.js';
import type { LanguageModel } from '../../lambdas/ports/language-model.js';
import { parseTranscript } from '../../lambdas/core/transcript/index.js';
import { ANALYZE_USAGE, parseAnalyzeArgs, type AnalyzeArgs } from './args.js';
import { EXIT_INTERNAL, EXIT_OK, fileFailure, type Failure } from './failure.js';
import { noteAsFhir } from './fhir.js';
import type { CliDeps, CliIo } from './io.js';
import { chooseModel, degradedLine, modelFor } from './model.js';
import { renderNoteText } from './note-text.js';
import { renderTextReport } from './report-text.js';
import { renderSupervisionText } from './supervision-text.js';
import { createPaint, shouldColor, widthOf } from './terminal.js';
import { analyzeTemplates, reportTemplateError, templated, type AnalyzeTemplates } from './templates.js';
import { readTranscriptFile, sessionDateFromName } from './transcript-file.js';

interface AnalyzeContext {
  args: AnalyzeArgs;
  model: LanguageModel | null;
  /** The clinic's note templates, applied to every note (docs/templates.md). */
  templates: AnalyzeTemplates['templates'];
  sleep?: (ms: number) => Promise<void>;
}

type Outcome = { report: AllianceReport; degraded: string | null } | { failure: Failure };

/** One parsed session, and what the report and note need to know about it. */
interface Session {
  path: string;
  transcript: Transcript;
  sessionDate: string | null;
  now: Date;
}

/** The local engines: the alliance report, and a note written from that same analysis. */
function localReport(session: Session, format: NoteFormat | null, templates: AnalyzeTemplates['templates']): AllianceReport {
  const { path, transcript, sessionDate, now } = session;
  const report = buildAllianceReport(path, transcript, now);
  if (format === null) return report;
  const note = writeProgressNote({ transcript, analysis: report, format, sessionDate, createdAt: now });
  return { ...report, note: templated(note, templates) };
}

/**
 * The model path: Bedrock's answers where they survive the checks, the local engine's where not. The
 * risk detector's report is kept whatever the model answers: a model may add a finding, never remove one.
 */
async function modelReport(session: Session, model: LanguageModel, ctx: AnalyzeContext): Promise<AllianceReport> {
  const { path, transcript, sessionDate, now } = session;
  const format = ctx.args.note;
  const common = { model, transcript, sessionDate, createdAt: now, ...(ctx.sleep ? { sleep: ctx.sleep } : {}) };
  if (format !== null) {
    const { alliance, metrics, allianceProvenance, note } = await generateWithModel({ ...common, format });
    // The model's risk statements join the detector's findings (a union), as PersistResults does in the workflow.
    const risk = mergeRiskFindings(transcript, detectRisk(transcript), findingsFromStatements(transcript, note.riskStatements));
    return { source: path, transcript, metrics, alliance, provenance: allianceProvenance, risk, note: templated(note, ctx.templates) };
  }
  // Scoring alone never asks the model for a note, so the format is unused; the type still wants one.
  const local = buildAllianceReport(path, transcript, now);
  const scored = await scoreAllianceWithModel({ ...common, format: 'narrative', analysis: local });
  return { ...local, alliance: scored.alliance, provenance: scored.provenance };
}

async function analyzeFile(path: string, ctx: AnalyzeContext, now: Date): Promise<Outcome> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readTranscriptFile(path);
    const transcript = parseTranscript(bytes, { filename: path });
    const session: Session = { path, transcript, sessionDate: ctx.args.sessionDate ?? sessionDateFromName(path).date, now };
    const built = ctx.model === null ? localReport(session, ctx.args.note, ctx.templates) : await modelReport(session, ctx.model, ctx);
    // The supervision report, beside the note, from the analysis as reported (the model's alliance and merged risk, when a model ran).
    const supervision = writeSupervisionReport({ transcript, analysis: built, createdAt: now });
    // The contract is checked here, at the edge, so nothing that breaks it is ever printed.
    const report = AllianceReportSchema.parse({ ...built, supervision });
    return { report, degraded: degradedLine(path, [report.provenance, report.note?.provenance], ctx.model) };
  } catch (error) {
    const text = bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    return { failure: fileFailure(path, error, text) };
  }
}

/** What is printed for one report: NDJSON, a FHIR resource, the supervision report, or the text report (and its note). */
function render(report: AllianceReport, args: AnalyzeArgs, io: CliIo, first: boolean): string {
  if (args.json) return `${JSON.stringify(report)}\n`;
  if (args.fhir !== null && report.note !== undefined) return `${JSON.stringify(noteAsFhir(report.note, args.fhir))}\n`;
  const paint = createPaint(shouldColor(io.stdout.isTTY, io.env));
  const width = widthOf(io.stdout);
  if (args.supervision && report.supervision !== undefined)
    return `${first ? '' : '\n'}${renderSupervisionText(report.supervision, report.source, { paint, width })}`;
  const text = renderTextReport(report, { paint, width });
  const note = report.note === undefined ? '' : `\n${renderNoteText(report.note, { paint, width })}`;
  return `${first ? '' : '\n'}${text}${note}`;
}

function rendered(path: string, report: AllianceReport, args: AnalyzeArgs, io: CliIo, first: boolean): { text: string } | { failure: Failure } {
  try {
    return { text: render(report, args, io, first) };
  } catch (error) {
    return { failure: fileFailure(path, error, report.transcript.turns.map((t) => t.text).join('\n')) };
  }
}

export async function runAnalyze(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  const parsed = parseAnalyzeArgs(argv);
  if (parsed.help) {
    io.stdout.write(ANALYZE_USAGE);
    return EXIT_OK;
  }
  let shaping: AnalyzeTemplates;
  try {
    shaping = analyzeTemplates(parsed.template, parsed.note, io.env);
  } catch (error) {
    return reportTemplateError(error, io);
  }
  const args: AnalyzeArgs = { ...parsed, note: shaping.note };
  const model = await modelFor(chooseModel(args, io.env), deps);
  const ctx: AnalyzeContext = { args, model, templates: shaping.templates, ...(deps.sleep ? { sleep: deps.sleep } : {}) };
  let exitCode = EXIT_OK;
  let printed = 0;
  for (const path of args.files) {
    const analysed = await analyzeFile(path, ctx, io.now());
    if ('report' in analysed && analysed.degraded !== null) io.stderr.write(`${analysed.degraded}\n`);
    const outcome = 'report' in analysed ? rendered(path, analysed.report, args, io, printed === 0) : analysed;
    if ('failure' in outcome) {
      io.stderr.write(`${outcome.failure.line}\n`);
      // A bug outranks bad input: the caller should report it rather than fix the file.
      if (outcome.failure.exitCode === EXIT_INTERNAL || exitCode === EXIT_OK) exitCode = outcome.failure.exitCode;
      continue;
    }
    io.stdout.write(outcome.text);
    printed++;
  }
  return exitCode;
}
