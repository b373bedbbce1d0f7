import { analyzeTranscript } from '../../lambdas/core/alliance/engine.js';
import { planToFhirBundle, validateR4 } from '../../lambdas/core/fhir/index.js';
import { buildClientPlan, type PlanSessionInput } from '../../lambdas/core/plans/index.js';
import { parseTranscript } from '../../lambdas/core/transcript/index.js';
import { ClientPlanSchema, type ClientPlan } from '../../schemas/plan.js';
import { IdSchema } from '../../schemas/session-record.js';
import { UsageError } from './args.js';
import { EXIT_INTERNAL, EXIT_OK, fileFailure, type Failure } from './failure.js';
import { InvalidFhirExportError } from './fhir.js';
import type { CliIo } from './io.js';
import { renderPlanText } from './plan-text.js';
import { datedFiles, readTranscriptFile, type DatedFile } from './transcript-file.js';

export const PLAN_USAGE = `usage: attune plan <file...> [--json | --fhir [--client-id <id>]] [--client <label>]

Reads one client's sessions together: a brief for the next session, the goals stated across the
sessions and where each stands, measures said in session (PHQ-9, GAD-7, ratings…) with change, the
Goal Agreement trend, and a draft treatment plan. Every item cites [session turn].

Give the client's session transcripts in any order; each file name must hold its session date as
YYYY-MM-DD (e.g. sessions/2026-09-08.txt). A file that cannot be analysed is reported on stderr and
the plan is drawn from the rest.

options:
  --json             the plan as one JSON object on one line (schemas/plan.ts ClientPlan)
  --fhir             the plan as one FHIR R4 Bundle on one line: a draft CarePlan, a Goal per goal
                     and an Observation per score (PHQ-9 LOINC 44261-6, GAD-7 LOINC 70274-6)
  --client-id <id>   with --fhir: the client's id (letters, digits, - and _; never a name), the
                     Patient identifier every resource's subject is given by
  --client <label>   how the text report names the client (e.g. initials)
  -h, --help         show this help

exit codes: 0 all files read, 2 bad usage or at least one unusable file, 1 internal error
`;

interface PlanArgs {
  files: string[];
  json: boolean;
  fhir: boolean;
  help: boolean;
  client: string | null;
  clientId: string | null;
}

function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const args: PlanArgs = { files: [], json: false, fhir: false, help: false, client: null, clientId: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') args.json = true;
    else if (arg === '--fhir') args.fhir = true;
    else if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--client-id' || arg.startsWith('--client-id=')) {
      const value = arg === '--client-id' ? argv[++i] : arg.slice('--client-id='.length);
      if (value === undefined || value === '' || value.startsWith('-')) throw new UsageError("--client-id needs the client's id, e.g. --client-id c-042");
      if (!IdSchema.safeParse(value).success) throw new UsageError('--client-id: ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit');
      args.clientId = value;
    } else if (arg === '--client' || arg.startsWith('--client=')) {
      const value = arg === '--client' ? argv[++i] : arg.slice('--client='.length);
      if (value === undefined || value === '' || value.startsWith('-')) throw new UsageError('--client needs a label for the client, e.g. their initials');
      args.client = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}' for 'attune plan' (see 'attune plan --help')`);
    else args.files.push(arg);
  }
  if (args.help) return args;
  if (args.fhir && args.json) throw new UsageError('--fhir and --json both choose the output: give one of them');
  if (args.clientId !== null && !args.fhir) throw new UsageError('--client-id names the client in the FHIR export: add --fhir');
  if (args.files.length === 0) throw new UsageError('no files given: usage: attune plan <file...> [--json | --fhir [--client-id <id>]] [--client <label>]');
  return args;
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
  if (args.fhir) io.stdout.write(`${JSON.stringify(planAsFhir(plan, args.clientId))}\n`);
  else io.stdout.write(args.json ? `${JSON.stringify(plan)}\n` : renderPlanText(plan, args.client));
  return exitCode;
}

/** The plan as a FHIR R4 Bundle, refused (exit 1: our bug, not the user's) when it is not valid R4. */
function planAsFhir(plan: ClientPlan, clientId: string | null): unknown {
  const bundle = planToFhirBundle(plan, clientId === null ? {} : { clientId });
  const problems = validateR4(bundle);
  if (problems.length > 0) throw new InvalidFhirExportError('Bundle', problems);
  return bundle;
}
