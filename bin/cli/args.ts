import { InvalidInputError } from '../../lambdas/core/errors.js';
import { NoteFormatSchema, type NoteFormat } from '../../schemas/note.js';
import { SessionDateSchema } from '../../schemas/series.js';

/** A command line the CLI cannot act on (exit 2). The message names the problem and the fix. */
export class UsageError extends InvalidInputError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

export type FhirResourceKind = 'documentreference' | 'composition';
const FHIR_KINDS: readonly FhirResourceKind[] = ['documentreference', 'composition'];
const NOTE_FORMATS = NoteFormatSchema.options;

/** `soap, dap, birp, girp or narrative`. */
function either(values: readonly string[]): string {
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1) ?? ''}`;
}

export interface AnalyzeArgs {
  /** Transcript paths exactly as given; reports use them as `source`. */
  files: string[];
  json: boolean;
  /** Print the supervision report as text instead of the alliance report (`--json` always carries it). */
  supervision: boolean;
  help: boolean;
  /** Write a progress note in this format too. */
  note: NoteFormat | null;
  /** Print one FHIR R4 resource per file instead of the report (needs `note`). */
  fhir: FhirResourceKind | null;
  /** YYYY-MM-DD for every note; otherwise each file name's date, if it has one. */
  sessionDate: string | null;
  /** A Bedrock model id; otherwise ATTUNE_BEDROCK_MODEL_ID, otherwise the local engines. */
  model: string | null;
  /** An OpenAI-compatible server's base URL; otherwise ATTUNE_MODEL_URL (bin/cli/model.ts). */
  modelUrl: string | null;
  /** The model that server runs; otherwise ATTUNE_MODEL_NAME. */
  modelName: string | null;
  /** A note templates file; otherwise ATTUNE_NOTE_TEMPLATES or ATTUNE_HOME's (bin/cli/templates.ts). */
  template: string | null;
}

export const ANALYZE_USAGE = `usage: attune analyze <file...> [--json] [--note <format>] [--session-date YYYY-MM-DD]
                      [--fhir [documentreference|composition]] [--model <bedrock-model-id>]
                      [--model-url <url> --model-name <name>] [--template <file>]

Scores the therapeutic alliance of one or more session transcripts, and writes a draft progress
note when asked.

Reads plain text (Therapist: / Client: lines), WebVTT (.vtt), SRT (.srt) or Amazon Transcribe
JSON (.json). Each file is analysed on its own; bad files are reported on stderr and the rest
are still printed.

options:
  --json                   one AllianceReport JSON object per file, one per line (NDJSON); each
                           carries the supervision report beside the note
  --supervision            print the supervision report (the therapist's work: docs/supervision.md)
                           instead of the alliance report
  --note <format>          add a draft progress note: ${either(NOTE_FORMATS)}
  --session-date <date>    the session date for the note (YYYY-MM-DD); by default the date in
                           the file name (e.g. 2026-09-08.txt), or none
  --fhir [kind]            print the note as one FHIR R4 resource per file, one per line: a
                           DocumentReference (default) or a Composition; needs --note, not --json
  --model <id>             write the note and rate the alliance with this Amazon Bedrock model
                           (default: $ATTUNE_BEDROCK_MODEL_ID; unset means the local engines).
                           Needs AWS_REGION (or AWS_DEFAULT_REGION) and AWS credentials. When
                           Bedrock gives no usable answer, the local engine's result is used and
                           stderr says so.
  --model-url <url>        instead of Bedrock, your own OpenAI-compatible server (Ollama, vLLM,
                           llama-server) at this base URL, e.g. http://localhost:11434/v1
                           (default: $ATTUNE_MODEL_URL). The transcript is sent there and nowhere
                           else; the fallback is as for --model. See docs/models.md
  --model-name <name>      the model that server runs, e.g. llama3.1:8b
                           (default: $ATTUNE_MODEL_NAME)
  --template <file>        shape the note with the clinic's templates (docs/templates.md); without
                           --note, the file's default format (default: $ATTUNE_NOTE_TEMPLATES,
                           else note-templates.json in $ATTUNE_HOME, if there is one)
  -h, --help               show this help

exit codes: 0 all files analysed, 2 bad usage or at least one unusable file, 1 internal error
`;

/** Splits `--name=value`; `value` is undefined for a bare `--name`. */
function splitOption(arg: string): { name: string; value: string | undefined } {
  const eq = arg.indexOf('=');
  return eq > 2 ? { name: arg.slice(0, eq), value: arg.slice(eq + 1) } : { name: arg, value: undefined };
}

/**
 * Walks `argv`: options may appear anywhere and `--` ends them, so a file called `--json` can still
 * be given. `option` handles one option and returns how many following arguments it used as its value.
 */
function walk(
  argv: readonly string[],
  command: string,
  option: (name: string, inline: string | undefined, next: string | undefined) => number | 'unknown',
  file: (path: string) => void,
): void {
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (optionsEnded) file(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '-') throw new UsageError(`reading from stdin is not supported: give a file path (see 'attune ${command} --help')`);
    else if (arg.startsWith('-')) {
      const { name, value } = splitOption(arg);
      const used = option(name, value, argv[i + 1]);
      if (used === 'unknown') throw new UsageError(`unknown option '${arg}' (see 'attune ${command} --help')`);
      i += used;
    } else file(arg);
  }
}

/** The value of an option that needs one, from `--name=value` or the next argument. */
function required(name: string, inline: string | undefined, next: string | undefined, expected: string): { value: string; used: number } {
  if (inline !== undefined && inline !== '') return { value: inline, used: 0 };
  if (inline === undefined && next !== undefined && !next.startsWith('-')) return { value: next, used: 1 };
  throw new UsageError(`${name} needs a value: ${expected}`);
}

function noteFormat(value: string): NoteFormat {
  const parsed = NoteFormatSchema.safeParse(value.toLowerCase());
  if (!parsed.success) throw new UsageError(`unknown note format '${value}': use ${either(NOTE_FORMATS)}`);
  return parsed.data;
}

function sessionDate(value: string): string {
  const parsed = SessionDateSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`--session-date '${value}': ${parsed.error.issues[0]?.message ?? 'dates look like 2024-03-15 (YYYY-MM-DD)'}`);
  }
  return parsed.data;
}

function isFhirKind(value: string | undefined): value is FhirResourceKind {
  return FHIR_KINDS.includes(value as FhirResourceKind);
}

export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  const parsed: AnalyzeArgs = {
    files: [],
    json: false,
    supervision: false,
    help: false,
    note: null,
    fhir: null,
    sessionDate: null,
    model: null,
    modelUrl: null,
    modelName: null,
    template: null,
  };
  walk(
    argv,
    'analyze',
    (name, inline, next) => {
      if (inline !== undefined && ['--json', '--supervision', '-h', '--help'].includes(name)) throw new UsageError(`${name} takes no value`);
      switch (name) {
        case '--json':
          parsed.json = true;
          return 0;
        case '--supervision':
          parsed.supervision = true;
          return 0;
        case '-h':
        case '--help':
          parsed.help = true;
          return 0;
        case '--note': {
          const { value, used } = required(name, inline, next, either(NOTE_FORMATS));
          parsed.note = noteFormat(value);
          return used;
        }
        case '--session-date': {
          const { value, used } = required(name, inline, next, 'a date as YYYY-MM-DD');
          parsed.sessionDate = sessionDate(value);
          return used;
        }
        case '--model': {
          const { value, used } = required(name, inline, next, 'a Bedrock model id, e.g. us.anthropic.claude-sonnet-4-20250514-v1:0');
          parsed.model = value.trim();
          return used;
        }
        case '--model-url': {
          const { value, used } = required(name, inline, next, "your model server's base URL, e.g. http://localhost:11434/v1");
          parsed.modelUrl = value.trim();
          return used;
        }
        case '--model-name': {
          const { value, used } = required(name, inline, next, 'the model your server runs, e.g. llama3.1:8b');
          parsed.modelName = value.trim();
          return used;
        }
        case '--template': {
          const { value, used } = required(name, inline, next, 'a note templates file (docs/templates.md)');
          parsed.template = value;
          return used;
        }
        case '--fhir': {
          // The kind is optional, so the next argument is only taken when it names one.
          if (inline !== undefined && !isFhirKind(inline)) throw new UsageError(`unknown FHIR resource '${inline}': use ${either(FHIR_KINDS)}`);
          parsed.fhir = inline ?? (isFhirKind(next) ? next : 'documentreference');
          return inline === undefined && isFhirKind(next) ? 1 : 0;
        }
        default:
          return 'unknown';
      }
    },
    (path) => parsed.files.push(path),
  );
  if (parsed.help) return parsed;
  if (parsed.files.length === 0) throw new UsageError('no files given: usage: attune analyze <file...> [--json] [--note <format>]');
  if (parsed.fhir !== null && parsed.note === null) {
    throw new UsageError('--fhir exports the progress note: add --note <format>, e.g. --note soap --fhir');
  }
  if (parsed.fhir !== null && parsed.json) throw new UsageError('--fhir and --json both choose the output: give one of them');
  if (parsed.supervision && (parsed.json || parsed.fhir !== null)) {
    throw new UsageError(
      `--supervision and ${parsed.json ? '--json' : '--fhir'} both choose the output: give one of them (--json carries the supervision report)`,
    );
  }
  if (parsed.sessionDate !== null && parsed.note === null) {
    throw new UsageError('--session-date dates the progress note: add --note <format>');
  }
  return parsed;
}

export interface TrendArgs {
  /** Transcript paths, each with its session date in the file name. */
  files: string[];
  json: boolean;
  help: boolean;
  /** How the text report names the client (never part of the JSON). */
  client: string | null;
}

export const TREND_USAGE = `usage: attune trend <file...> [--json] [--client <label>]

Follows one client's therapeutic alliance across sessions: per-session scores, the trend of the
overall score and of each dimension, sessions that fell well below the client's own baseline
(rupture alerts), and patterns only a series shows.

Give the client's session transcripts in any order; each file name must hold its session date
as YYYY-MM-DD (e.g. sessions/2026-09-08.txt). A file that cannot be analysed is reported on
stderr and the series is drawn from the rest.

options:
  --json             the AllianceSeries as one JSON object on one line
  --client <label>   how the text report names the client (e.g. initials)
  -h, --help         show this help

exit codes: 0 all files analysed, 2 bad usage or at least one unusable file, 1 internal error
`;

export function parseTrendArgs(argv: readonly string[]): TrendArgs {
  const parsed: TrendArgs = { files: [], json: false, help: false, client: null };
  walk(
    argv,
    'trend',
    (name, inline, next) => {
      if (inline !== undefined && ['--json', '-h', '--help'].includes(name)) throw new UsageError(`${name} takes no value`);
      if (name === '--json') parsed.json = true;
      else if (name === '-h' || name === '--help') parsed.help = true;
      else if (name === '--client') {
        const { value, used } = required(name, inline, next, 'a label for the client, e.g. their initials');
        parsed.client = value;
        return used;
      } else return 'unknown';
      return 0;
    },
    (path) => parsed.files.push(path),
  );
  if (!parsed.help && parsed.files.length === 0) throw new UsageError('no files given: usage: attune trend <file...> [--json] [--client <label>]');
  return parsed;
}
