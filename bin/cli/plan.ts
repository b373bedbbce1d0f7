/**
 * `attune plan <file...>`: one client's sessions, each analysed as `attune analyze` would, then read together
 * (lambdas/core/plans): the pre-session brief, goals and where they stand, measures with change, the Goal
 * Agreement trend and a treatment plan draft, every item cited as session and turn. Each session's date
 * comes from its file name, as for `attune trend`.
 */
import { basename, extname } from 'node:path';
import { analyzeTranscript } from '../../lambdas/core/alliance/engine.js';
import { buildClientPlan, type PlanSessionInput } from '../../lambdas/core/plans/index.js';
import { parseTranscript } from '../../lambdas/core/transcript/index.js';
import { ClientPlanSchema } from '../../schemas/plan.js';
import { UsageError } from './args.js';
import { EXIT_INTERNAL, EXIT_OK, fileFailure, printablePath, type Failure } from './failure.js';
import type { CliIo } from './io.js';
import { renderPlanText } from './plan-text.js';
import { readTranscriptFile, sessionDateFromName } from './transcript-file.js';

export const PLAN_USAGE = `usage: attune plan <file...> [--json] [--client <label>]

Reads one client's sessions together: a brief for the next session, the goals stated across the
sessions and where each stands, measures said in session (PHQ-9, GAD-7, ratings…) with change, the
Goal Agreement trend, and a draft treatment plan. Every item cites [session turn].

Give the client's session transcripts in any order; each file name must hold its session date as
YYYY-MM-DD (e.g. sessions/2026-09-08.txt). A file that cannot be analysed is reported on stderr and
the plan is drawn from the rest.

options:
  --json             the plan as one JSON object on one line (schemas/plan.ts ClientPlan)
  --client <label>   how the text report names the client (e.g. initials)
  -h, --help         show this help

exit codes: 0 all files read, 2 bad usage or at least one unusable file, 1 internal error
`;

interface PlanArgs {
  files: string[];
  json: boolean;
  help: boolean;
  client: string | null;
}

function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const args: PlanArgs = { files: [], json: false, help: false, client: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') args.json = true;
    else if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--client' || arg.startsWith('--client=')) {
      const value = arg === '--client' ? argv[++i] : arg.slice('--client='.length);
      if (value === undefined || value === '' || value.startsWith('-')) throw new UsageError('--client needs a label for the client, e.g. their initials');
      args.client = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}' for 'attune plan' (see 'attune plan --help')`);
    else args.files.push(arg);
  }
  if (!args.help && args.files.length === 0) throw new UsageError('no files given: usage: attune plan <file...> [--json] [--client <label>]');
  return args;
}

interface DatedFile {
  path: string;
  date: string;
  session: string;
}

/** Every file's date before any file is read (as `attune trend`): a plan across undated sessions cannot be ordered. */
function datedFiles(paths: readonly string[]): DatedFile[] {
  const seen = new Set<string>();
  const dated = paths.map((path) => {
    if (seen.has(path)) throw new UsageError(`${printablePath(path)} is given twice: give each session once`);
    seen.add(path);
    const found = sessionDateFromName(path);
    if (found.date === null) throw new UsageError(`${printablePath(path)}: ${found.why}: name each session's transcript with its date, e.g. 2026-09-08.txt`);
    return { path, date: found.date, session: basename(path, extname(path)) };
  });
  const names = new Set(dated.map((d) => d.session));
  return names.size === dated.length ? dated : dated.map((d) => ({ ...d, session: d.path }));
}

async function readSession(file: DatedFile): Promise<PlanSessionInput | { failure: Failure }> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readTranscriptFile(file.path);
    const transcript = parseTranscript(bytes, { filename: file.path });
    const { alliance, metrics, risk } = analyzeTranscript(transcript);
    return { session: file.session, date: file.date, transcript, alliance, metrics, risk };
  } catch (error) {
    return { failure: fileFailure(file.path, error, bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8')) };
  }
}

export async function runPlan(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parsePlanArgs(argv);
  if (args.help) {
    io.stdout.write(PLAN_USAGE);
    return EXIT_OK;
  }
  let exitCode = EXIT_OK;
  const sessions: PlanSessionInput[] = [];
  for (const file of datedFiles(args.files)) {
    const outcome = await readSession(file);
    if ('failure' in outcome) {
      io.stderr.write(`${outcome.failure.line}\n`);
      if (outcome.failure.exitCode === EXIT_INTERNAL || exitCode === EXIT_OK) exitCode = outcome.failure.exitCode;
      continue;
    }
    sessions.push(outcome);
  }
  // Every file was refused and said so on stderr.
  if (sessions.length === 0) return exitCode;
  const plan = ClientPlanSchema.parse(buildClientPlan(sessions));
  io.stdout.write(args.json ? `${JSON.stringify(plan)}\n` : renderPlanText(plan, args.client));
  return exitCode;
}
