/**
 * The `attune` command line. `main` returns the exit code: 0 success, 2 usage or bad input, 1 an
 * internal error, 3 a session `attune run` processed that ended FAILED. Errors are one line on stderr,
 * never a stack trace.
 */
import { runAnalyze } from './cli/analyze.js';
import { UsageError } from './cli/args.js';
import { EXIT_BAD_INPUT, EXIT_OK, topLevelFailure } from './cli/failure.js';
import { processIo, type CliDeps, type CliIo } from './cli/io.js';
import { runTrend } from './cli/trend.js';
import { VERSION } from './cli/version.js';

const USAGE = `usage: attune <command> [options]

commands:
  analyze <file...>   score the therapeutic alliance of session transcripts; with
                      --note soap|dap|birp|girp|narrative also write a draft progress note
                      (--fhir for a FHIR R4 DocumentReference or Composition, --model for Bedrock)
  trend <file...>     follow one client's alliance across dated sessions: trends per
                      dimension, rupture alerts and series flags
  plan <file...>      one client's dated sessions as goals with their status, measures
                      (PHQ-9, GAD-7 …) with change, a treatment plan draft and a pre-session brief
  run <file>          run one recording or transcript through the whole workflow on this
                      machine (--client <id> --consent): transcript, note, alliance, time per step
  token               print a token for the local API (npm start): --tenant <id> --user <id>
                      [--role clinician|supervisor|admin] [--expires 8h], or a partner's:
                      --partner <name> --tenant <id> --scopes <scope,…>

options:
  -h, --help      show this help ('attune <command> --help' for a command)
  -V, --version   print the version

exit codes: 0 success, 2 bad usage or input, 1 internal error, 3 'attune run': the session FAILED
`;

type Command = (argv: readonly string[], io: CliIo, deps: CliDeps) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  analyze: runAnalyze,
  trend: runTrend,
  // Loaded on demand: `attune run` brings the local runtime, which `analyze` and `trend` never need.
  run: async (argv, io, deps) => (await import('./cli/run.js')).runRun(argv, io, deps),
  token: async (argv, io) => (await import('./cli/token.js')).runToken(argv, io),
  plan: async (argv, io) => (await import('./cli/plan.js')).runPlan(argv, io),
};

async function dispatch(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (command === '--version' || command === '-V') {
    io.stdout.write(`attune ${VERSION}\n`);
    return EXIT_OK;
  }
  if (command === undefined) {
    io.stderr.write(USAGE);
    return EXIT_BAD_INPUT;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    throw new UsageError(`unknown command '${command}' (see 'attune --help')`);
  }
  return run(rest, io, deps);
}

/** `deps` stand in for the outside world's services in tests (see CliDeps); the real CLI passes none. */
export async function main(argv: string[], io: CliIo = processIo(), deps: CliDeps = {}): Promise<number> {
  try {
    return await dispatch(argv, io, deps);
  } catch (error) {
    const failure = topLevelFailure(error);
    io.stderr.write(`${failure.line}\n`);
    return failure.exitCode;
  }
}
