/**
 * `attune run <file> --client <id>`: one session through the whole workflow on this machine. The local
 * runtime (dynalite, the state-machine interpreter, the CDK app when the workflow must be synthesized)
 * is loaded only here, so `attune analyze` never pays for it.
 */
import { stat } from 'node:fs/promises';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { EXIT_OK, fileFailure } from './failure.js';
import type { CliDeps, CliIo } from './io.js';
import { chooseModel } from './model.js';
import { RUN_USAGE, deriveSessionId, parseRunArgs, sessionDateOf } from './run-args.js';
import { progressPrinter } from './run-progress.js';
import { renderRunText } from './run-text.js';
import { createPaint, shouldColor, widthOf } from './terminal.js';

/** The session ran and FAILED (its reason is printed, on stdout with the rest of the session). */
export const EXIT_SESSION_FAILED = 3;
/** 128 + SIGINT, as shells report an interrupted command. */
const EXIT_INTERRUPTED = 130;

async function checkFile(path: string): Promise<void> {
  const info = await stat(path);
  if (!info.isFile()) throw new InvalidInputError('not a regular file: give a recording or a transcript file', 'not_a_file');
}

export async function runRun(argv: readonly string[], io: CliIo, _deps: CliDeps = {}): Promise<number> {
  const args = parseRunArgs(argv);
  if (args.help) {
    io.stdout.write(RUN_USAGE);
    return EXIT_OK;
  }
  // A Bedrock model chosen without a region is refused here, as `attune analyze` refuses it.
  chooseModel(null, io.env);
  try {
    await checkFile(args.file);
  } catch (error) {
    const failure = fileFailure(args.file, error);
    io.stderr.write(`${failure.line}\n`);
    return failure.exitCode;
  }
  const today = io.now().toISOString().slice(0, 10);
  const sessionDate = sessionDateOf(args);
  const session = {
    file: args.file,
    tenantId: args.tenantId,
    clientId: args.clientId,
    sessionId: args.sessionId ?? deriveSessionId(args.file, sessionDate ?? today),
    consent: args.consent ? { method: args.consentMethod, obtainedAt: today } : null,
    sessionDate,
  };

  const [{ startLocalRuntime }, { sessionReport, uploadSessionFile }] = await Promise.all([
    import('../../local/runtime/runtime.js'),
    import('../../local/runtime/sessions.js'),
  ]);
  const paint = createPaint(shouldColor(io.stderr.isTTY, io.env));
  const runtime = await startLocalRuntime({
    env: io.env,
    onSynth: () =>
      io.stderr.write(
        'attune: preparing the local workflow from the CDK app (the CDK code changed since `npm run build`, which prepares it ahead): about 20 s…\n',
      ),
    onWarning: (message) => io.stderr.write(`attune: ${message}\n`),
  });
  // Ctrl-C stops the execution; closing the runtime then deletes the recording and marks the session failed.
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    for (const active of runtime.active()) active.execution.abort();
  };
  process.once('SIGINT', interrupt);
  try {
    io.stderr.write(`attune: ${args.file} → uploads/${session.tenantId}/${session.clientId}/${session.sessionId} (local)\n`);
    const run = await uploadSessionFile(runtime, session);
    run.execution.subscribe(progressPrinter(io.stderr, paint));
    const outcome = await run.outcome;
    if (interrupted) {
      io.stderr.write('attune: interrupted; the recording was deleted and the session marked failed\n');
      return EXIT_INTERRUPTED;
    }
    const report = await sessionReport(runtime, session, outcome);
    if (args.json) io.stdout.write(`${JSON.stringify(report)}\n`);
    else io.stdout.write(renderRunText(report, { paint: createPaint(shouldColor(io.stdout.isTTY, io.env)), width: widthOf(io.stdout) }));
    return report.status === 'COMPLETED' ? EXIT_OK : EXIT_SESSION_FAILED;
  } finally {
    process.removeListener('SIGINT', interrupt);
    await runtime.close();
  }
}
