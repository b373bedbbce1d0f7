/**
 * The bad-input corpus (tests/fixtures/bad, issue 7 part 3) through every entry point each case names:
 * `attune analyze` and `attune run` as processes, the partner API over HTTP, and uploads into the local
 * runtime's uploads bucket. Every case must end with a reason a person can act on (exit 2 or 3, an HTTP
 * problem, a FAILED session, or an abstention), nothing may crash or print a stack trace, and no upload
 * may be left in the uploads bucket or the runtime's work folder. One server (and its runtime) serves
 * every API and upload case; `attune run` has its own ATTUNE_HOME, as it would on a clinician's machine.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSuspectedInjections } from '../../lambdas/core/model/transcript-data.js';
import { parseUploadKey } from '../../lambdas/core/upload/index.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import type { SessionOutcome } from '../../local/runtime/runtime.js';
import { startServer } from '../../local/server.js';
import { AllianceReportSchema, type AllianceReport } from '../../schemas/alliance.js';
import type { Failure, SessionRecord } from '../../schemas/session-record.js';
import { ValidationResultSchema } from '../../schemas/workflow.js';
import { ApiClient, runAttuneCli, type CliRun } from '../fixtures/bad/clients.js';
import { generatedBytes, materialise } from '../fixtures/bad/generate.js';
import { ISSUE_ITEMS, expectationOf, inputName, loadManifest, type BadCase, type Entry, type GeneratedInput, type Via } from '../fixtures/bad/manifest.js';
import { BOOT_TIMEOUT_MS, filesUnder, localEnv, root, tempHome } from './local-stack.js';

const CASES = loadManifest();
const INPUTS = join(root, 'tests', 'fixtures', 'bad', 'inputs');
const CLI_TIMEOUT_MS = 60_000;
const scratch = mkdtempSync(join(tmpdir(), 'attune-bad-inputs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The case's input as a file: committed, or generated into the scratch folder once. */
const generated = new Map<string, string>();
function inputPath(c: BadCase): string {
  if (!c.input) throw new Error(`case ${c.id} has no input`);
  if ('file' in c.input) return join(INPUTS, c.input.file);
  let path = generated.get(c.id);
  if (path === undefined) {
    const dir = join(scratch, c.id);
    mkdirSync(dir);
    path = materialise(c.input, dir);
    generated.set(c.id, path);
  }
  return path;
}

/** Every entry through `via`, named for the test list. */
function entriesThrough<V extends Via>(via: V): [string, BadCase, Extract<Entry, { via: V }>][] {
  return CASES.flatMap((c) =>
    c.through
      .filter((entry): entry is Extract<Entry, { via: V }> => entry.via === via)
      .map((entry, index, all): [string, BadCase, Extract<Entry, { via: V }>] => [
        `${c.id}${all.length > 1 ? ` #${index + 1}` : ''}${entry.gap ? ' (known gap)' : ''}`,
        c,
        entry,
      ]),
  );
}

const STACK_FRAME = /^\s+at\s.+(?::\d+:\d+\)?|<anonymous>\)?)$/m;
const NODE_ERROR = /(?:^|\s)(?:[A-Z][A-Za-z]*)?Error: |node:internal|\.(?:m?js|ts):\d+:\d+/m;

/** What a user sees holds no stack frame, no `TypeError:`-style prefix and no source location. */
function expectNoCrashIn(...texts: (string | undefined)[]): void {
  for (const text of texts) {
    if (text === undefined) continue;
    expect(text).not.toMatch(STACK_FRAME);
    expect(text).not.toMatch(NODE_ERROR);
  }
}

function expectReason(text: string | undefined, pattern: string): void {
  expect(text ?? '', `reason /${pattern}/`).toMatch(new RegExp(pattern));
}

/** The one report an `attune analyze --json` run printed for one file. */
function onlyReport(run: CliRun): AllianceReport {
  const lines = run.stdout.split('\n').filter((line) => line.length > 0);
  expect(lines).toHaveLength(1);
  return AllianceReportSchema.parse(JSON.parse(lines[0]!));
}

describe('the corpus', () => {
  it('holds 30 or more cases and covers every kind of bad input issue 7 lists', () => {
    // Assess
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const covered = new Set(CASES.map((c) => c.issue));
    for (const item of ISSUE_ITEMS) expect(covered, item).toContain(item);
  });

  it('uses every committed input, and every input a case names exists', () => {
    // Prepare
    const named = CASES.flatMap((c) => (c.input && 'file' in c.input ? [c.input.file] : []));

    // Assess
    expect(new Set(named)).toEqual(new Set(readdirSync(INPUTS)));
    const readsInput = (entry: Entry) => entry.via !== 'api' || (entry.request.kind === 'create-session' && entry.request.transcriptFormat !== undefined);
    for (const c of CASES) if (c.through.some(readsInput)) expect(c.input, c.id).toBeDefined();
  });

  it('is described case by case in its README', () => {
    // Prepare
    const readme = readFileSync(join(root, 'tests', 'fixtures', 'bad', 'README.md'), 'utf8');

    // Assess
    for (const c of CASES) expect(readme, c.id).toContain(`| \`${c.id}\` |`);
  });

  it('generates the same bytes from a seed on every machine', () => {
    // Prepare: digests taken when the cases were written; a change to generate.ts changes the corpus
    const pinned: Record<string, string> = {
      'random-bytes-wav': '91b89c64622612ba',
      'three-hour-recording': 'c7e4e86baa963a64',
      'unsupported-codec-in-wav': '1ca13106e21fee7a',
    };
    const inputOf = (id: string) => CASES.find((c) => c.id === id)?.input as GeneratedInput;

    // Act
    const digests = Object.fromEntries(
      Object.keys(pinned).map((id) => [
        id,
        createHash('sha256')
          .update(generatedBytes(inputOf(id)))
          .digest('hex')
          .slice(0, 16),
      ]),
    );

    // Assess
    expect(digests).toEqual(pinned);
  });
});

describe('attune analyze <file>', () => {
  // A model id in the developer's shell would send the corpus to Bedrock: the local engines only.
  const env = { ...process.env, NO_COLOR: '1', ATTUNE_BEDROCK_MODEL_ID: undefined };

  // Each run is its own process: several at once keep the corpus quick on two cores.
  it.concurrent.each(entriesThrough('cli-analyze'))('%s', async (_name, c, entry) => {
    // Prepare
    const path = inputPath(c);
    const expected = expectationOf(entry);

    // Act
    const run = await runAttuneCli(['analyze', path, '--json', ...entry.args], env, CLI_TIMEOUT_MS);

    // Assess
    expectNoCrashIn(run.stderr);
    if (expected.outcome === 'refused') {
      expect(run.status).toBe(expected.exit);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter((line) => line.length > 0);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.startsWith(`attune: ${path}: `)).toBe(true);
      expectReason(lines[0], expected.reason);
      return;
    }
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const report = onlyReport(run);
    if (expected.outcome === 'abstained') {
      expect(report.alliance.overall.abstained).toBe(true);
      expectReason(report.alliance.overall.abstentionReason, expected.reason);
    } else {
      expect(report.alliance.overall.abstained).toBe(false);
      expect(report.alliance.overall.score).toBeLessThanOrEqual(expected.overallAtMost);
      expect(findSuspectedInjections(report.transcript).length).toBeGreaterThanOrEqual(expected.suspectedInjectionsAtLeast);
    }
  });
});

describe('attune run <file> (its own local runtime)', () => {
  const home = tempHome();
  const env = localEnv(home.dir, { NO_COLOR: '1' });
  afterAll(() => home.cleanup());

  it.each(entriesThrough('cli-run'))(
    '%s',
    async (_name, c, entry) => {
      // Prepare
      const expected = expectationOf(entry);
      const session = entry.args.includes('--session') ? [] : ['--session', c.id];
      const consent = entry.consent ? ['--consent'] : [];

      // Act
      const run = await runAttuneCli(['run', inputPath(c), ...entry.args, ...session, ...consent, '--json'], env, BOOT_TIMEOUT_MS);

      // Assess
      expectNoCrashIn(run.stderr);
      expect(run.status, run.stderr).toBe(expected.exit);
      if (expected.outcome === 'refused') {
        expect(run.stdout).toBe('');
        expectReason(
          run.stderr.split('\n').find((line) => line.startsWith('attune: ')),
          expected.reason,
        );
      } else {
        const report = JSON.parse(run.stdout) as { status: string; failure: Failure & { detail?: string } };
        expect(report.status).toBe('FAILED');
        expect(report.failure.code).toBe(expected.failure);
        expectReason(report.failure.message, expected.reason);
        if (expected.detail) expectReason(report.failure.detail, expected.detail);
        expectNoCrashIn(report.failure.message, report.failure.detail);
        if (expected.leftover === 'none') expect(run.stderr).not.toMatch(/left the recording/);
      }
      expect(filesUnder(join(home.dir, 's3', 'attune-uploads'))).toEqual([]);
      expect(filesUnder(join(home.dir, 'work'))).toEqual([]);
    },
    BOOT_TIMEOUT_MS,
  );
});

describe('the partner API and the upload path (one local runtime)', () => {
  const home = tempHome();
  let server: Awaited<ReturnType<typeof startServer>>;
  let api: ApiClient;
  let uploadsDir: string;

  beforeAll(async () => {
    server = await startServer(localEnv(home.dir, { PORT: '0' }), () => undefined);
    const token = issueToken({ tenant: 'bad', user: 'corpus', roles: ['clinician'], expiresInSeconds: 3600 }, localSecret(tokenKeyFile(server.runtime.home)));
    api = new ApiClient(`http://127.0.0.1:${server.port}`, token);
    uploadsDir = join(server.runtime.home.s3, server.runtime.plan.names.uploadsBucket);
    // The corpus client is the clinician's from the start, as an admin's assignment makes it: the direct
    // uploads assign nobody, and a clinician may not take a client by posting a session for it.
    await server.runtime.clients.assign({ tenantId: 'bad', clientId: 'corpus', clinicianId: 'corpus', createdAt: new Date().toISOString() });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    home.cleanup();
  });

  /** Nothing of any upload is left: not in the uploads bucket, not in the transcriber's scratch folder. */
  function expectNothingLeftBehind(): void {
    expect(filesUnder(uploadsDir)).toEqual([]);
    expect(filesUnder(server.runtime.home.work)).toEqual([]);
  }

  /** The standard consent attestation, changed or removed as the entry says. */
  function metadataOf(metadata: Extract<Entry, { via: 'upload' }>['metadata']): Record<string, string> {
    if (metadata === 'none') return {};
    const attested: Record<string, string | null> = { 'consent-obtained': 'true', 'consent-method': 'written', 'consent-obtained-at': '2026-09-01' };
    if (metadata !== 'consent') Object.assign(attested, metadata);
    return Object.fromEntries(Object.entries(attested).filter((pair): pair is [string, string] => pair[1] !== null));
  }

  /** Why the upload failed, as its uploader can read it: the session record, or ValidateUpload's answer when the key named no session. */
  async function resultOf(key: string, outcome: SessionOutcome): Promise<{ record: SessionRecord | null; failure: Failure | undefined }> {
    const validation = ValidationResultSchema.safeParse(outcome.taskResults.ValidateUpload);
    const refusal = validation.success && !validation.data.valid ? validation.data : undefined;
    const layout = parseUploadKey(key);
    const ids = layout.ok ? layout.value : refusal?.tenantId && refusal.sessionId ? { tenantId: refusal.tenantId, sessionId: refusal.sessionId } : null;
    const record = ids ? await server.runtime.sessions.get({ tenantId: ids.tenantId, sessionId: ids.sessionId }) : null;
    return { record, failure: record?.failure ?? refusal?.failure };
  }

  it.each(entriesThrough('upload'))(
    '%s (upload)',
    async (_name, c, entry) => {
      // Prepare
      const expected = expectationOf(entry);
      const key = entry.key ?? `uploads/bad/corpus/${c.id}${extname(inputName(c.input!))}`;
      const bucket = server.runtime.plan.names.uploadsBucket;

      // Act
      const run = await server.runtime.upload(key, { file: inputPath(c) }, metadataOf(entry.metadata));

      // Assess
      if (expected.outcome === 'ignored') {
        expect(run).toBeNull();
        if (expected.leftover === 'stays') {
          expect(await server.runtime.store.head(bucket, key)).not.toBeNull();
          await server.runtime.store.deleteAllVersions(bucket, key); // the known gap: tidy up for the next case
        }
        expectNothingLeftBehind();
        return;
      }
      expect(run).not.toBeNull();
      const outcome = await run!.outcome;
      const { record, failure } = await resultOf(key, outcome);
      if (expected.outcome === 'failed') {
        expect(outcome.status).toBe('FAILED');
        if (record) expect(record.status).toBe('FAILED');
        expect(failure?.code).toBe(expected.failure);
        expectReason(failure?.message, expected.reason);
        if (expected.detail) expectReason(outcome.transcriptionFailure, expected.detail);
        expectNoCrashIn(failure?.message, outcome.transcriptionFailure);
        expect(outcome.leftoverVersionsDeleted > 0).toBe(expected.leftover === 'runtime-check');
      } else {
        expect(outcome.status).toBe('SUCCEEDED');
        expect(record?.status).toBe('COMPLETED');
        expect(record?.alliance?.overall.abstained).toBe(true);
        expectReason(record?.alliance?.overall.abstentionReason, expected.reason);
        expect(outcome.leftoverVersionsDeleted).toBe(0);
      }
      expectNothingLeftBehind();
    },
    BOOT_TIMEOUT_MS,
  );

  it.each(entriesThrough('api'))(
    '%s (API)',
    async (_name, c, entry) => {
      // Prepare
      const expected = expectationOf(entry);
      const inputText = () => readFileSync(inputPath(c), 'utf8');

      // Act
      const answer = await api.send(entry.request, inputText);

      // Assess
      expectNoCrashIn(answer.text);
      if (expected.outcome === 'problem') {
        expect(answer.status, answer.text).toBe(expected.status);
        expect(answer.contentType).toMatch(/^application\/problem\+json/);
        expect(answer.json).toMatchObject({ type: `https://attune.dev/problems/${expected.problem}`, status: expected.status });
        expectReason(answer.json.detail, expected.reason);
        const errors = (answer.json.errors ?? []) as { pointer: string; detail: string }[];
        if (expected.pointer) expect(errors.map((error) => error.pointer)).toContain(expected.pointer);
        if (expected.code) expect(errors.map((error) => error.detail)).toContain(expected.code);
      } else if (expected.outcome === 'upload-url') {
        expect(answer.status, answer.text).toBe(expected.status);
        expect(answer.json.upload).toMatchObject({ method: 'PUT', url: expect.stringContaining('/local-s3/') });
      } else {
        expect(answer.status, answer.text).toBe(202);
        const session = await api.finished(answer.json.sessionId, '?include=transcript');
        expect(session.status).toBe('COMPLETED');
        if (expected.outcome === 'abstained') {
          expect(session.alliance.overall.abstained).toBe(true);
          expectReason(session.alliance.overall.abstentionReason, expected.reason);
        } else {
          expect(session.alliance.overall.abstained).toBe(false);
          expect(session.alliance.overall.score).toBeLessThanOrEqual(expected.overallAtMost);
          expect(findSuspectedInjections(session.transcript).length).toBeGreaterThanOrEqual(expected.suspectedInjectionsAtLeast);
        }
      }
      expectNothingLeftBehind();
    },
    BOOT_TIMEOUT_MS,
  );
});
