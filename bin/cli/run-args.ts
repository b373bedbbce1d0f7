/** `attune run`'s command line: the file, the ids of the upload's key, consent and the session date. */
import { basename, extname } from 'node:path';
import { IdSchema } from '../../schemas/session-record.js';
import { SessionDateSchema } from '../../schemas/series.js';
import { UsageError } from './args.js';
import { sessionDateFromName } from './transcript-file.js';

export interface RunArgs {
  file: string;
  tenantId: string;
  clientId: string;
  /** Null: derived from the file name and the date (deriveSessionId). */
  sessionId: string | null;
  consent: boolean;
  consentMethod: string;
  sessionDate: string | null;
  json: boolean;
  help: boolean;
}

export const RUN_USAGE = `usage: attune run <file> --client <id> [--consent] [--consent-method <word>]
                  [--session-date YYYY-MM-DD] [--session <id>] [--tenant <id>] [--json]

Runs one recorded session (audio) or transcript through the whole Attune workflow on this machine:
the same state machine as in AWS, with local stand-ins for S3, DynamoDB, Transcribe and EventBridge.
The file is uploaded to the local store as uploads/<tenant>/<client>/<session>.<ext> with the consent
metadata, exactly as an upload to AWS; the raw recording is deleted when the run ends, whatever the
outcome. Data is kept under ATTUNE_HOME (default ./.attune).

Audio (wav, flac, mp3, ogg, …) is transcribed with pocketsphinx
(apt-get install pocketsphinx pocketsphinx-en-us); transcripts (txt, vtt, srt, Transcribe json) need
nothing more.

options:
  --client <id>            the client the session belongs to (letters, digits, "-", "_")
  --consent                attest that the client consented to the recording being processed;
                           without it the session fails with consent_missing, as in AWS
  --consent-method <word>  how consent was obtained: written, verbal (default), electronic
  --session-date <date>    the date of the session (YYYY-MM-DD); by default the date in the file
                           name, if any
  --session <id>           the session id; by default the file name, with the date added when the
                           name has none (e.g. intake.wav → intake-2026-03-14)
  --tenant <id>            the tenant (default: local)
  --json                   print the session as one JSON object: status, failure, transcript, note,
                           alliance, metrics, provenance and time per state
  -h, --help               show this help

Progress goes to stderr, the session to stdout.

exit codes: 0 the session COMPLETED, 3 it FAILED (the reason is printed), 2 bad usage or input,
1 internal error
`;

function validId(option: string, value: string): string {
  if (!IdSchema.safeParse(value).success) {
    throw new UsageError(`${option} must be an id of 1-64 letters, digits, "-" or "_", starting with a letter or digit (no "/", "." or spaces)`);
  }
  return value;
}

function validDate(value: string): string {
  const parsed = SessionDateSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--session-date '${value}': ${parsed.error.issues[0]?.message ?? 'dates look like 2024-03-15 (YYYY-MM-DD)'}`);
  return parsed.data;
}

function splitOption(arg: string): { name: string; inline: string | undefined } {
  const eq = arg.indexOf('=');
  return eq > 2 ? { name: arg.slice(0, eq), inline: arg.slice(eq + 1) } : { name: arg, inline: undefined };
}

const VALUE_OPTIONS = new Set(['--client', '--tenant', '--session', '--consent-method', '--session-date']);
const FLAGS = new Set(['--consent', '--json', '-h', '--help']);

export function parseRunArgs(argv: readonly string[]): RunArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const files: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      if (arg === '-') throw new UsageError("reading from stdin is not supported: give a file path (see 'attune run --help')");
      files.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const { name, inline } = splitOption(arg);
    if (FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      flags.add(name === '-h' ? '--help' : name);
    } else if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[i + 1];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) {
        throw new UsageError(`${name} needs a value (see 'attune run --help')`);
      }
      if (inline === undefined) i++;
      values.set(name, value);
    } else {
      throw new UsageError(`unknown option '${arg}' (see 'attune run --help')`);
    }
  }
  const help = flags.has('--help');
  const parsed: RunArgs = {
    file: files[0] ?? '',
    tenantId: 'local',
    clientId: '',
    sessionId: null,
    consent: flags.has('--consent'),
    consentMethod: 'verbal',
    sessionDate: null,
    json: flags.has('--json'),
    help,
  };
  if (help) return parsed;
  if (files.length !== 1) {
    throw new UsageError(
      files.length === 0 ? 'no file given: usage: attune run <file> --client <id> [--consent]' : 'attune run takes one file; run it once per session',
    );
  }
  const client = values.get('--client');
  if (client === undefined) throw new UsageError('--client is required: the id of the client the session belongs to, e.g. --client jordan');
  parsed.clientId = validId('--client', client);
  const tenant = values.get('--tenant');
  if (tenant !== undefined) parsed.tenantId = validId('--tenant', tenant);
  const session = values.get('--session');
  if (session !== undefined) parsed.sessionId = validId('--session', session);
  const date = values.get('--session-date');
  if (date !== undefined) parsed.sessionDate = validDate(date);
  const method = values.get('--consent-method');
  if (method !== undefined) {
    if (!parsed.consent) throw new UsageError('--consent-method says how consent was obtained: add --consent');
    // The same rule ValidateUpload applies: one short word, never free text that could carry a name.
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(method)) throw new UsageError('--consent-method must be one short word such as written, verbal or electronic');
    parsed.consentMethod = method.toLowerCase();
  }
  return parsed;
}

/**
 * The session id when none is given: the file name made into an id, with the session date (or
 * today's) added unless the name already holds it. `2026-09-08.txt` → `2026-09-08`,
 * `Intake call.wav` → `Intake-call-2026-03-14`.
 */
export function deriveSessionId(file: string, date: string): string {
  const name = basename(file, extname(file))
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const withDate = name === '' ? date : name.includes(date) ? name : `${name.slice(0, 64 - date.length - 1)}-${date}`;
  if (!IdSchema.safeParse(withDate).success) throw new UsageError('no session id can be made from the file name: give one with --session <id>');
  return withDate;
}

/** The session date: `--session-date`, else the date in the file name, else none. */
export function sessionDateOf(args: RunArgs): string | null {
  if (args.sessionDate !== null) return args.sessionDate;
  const fromName = sessionDateFromName(args.file);
  return fromName.date;
}
