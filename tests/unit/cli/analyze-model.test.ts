/**
 * The `--model` path, run in-process with a fake LanguageModel: no network, no AWS SDK. The process
 * tests beside this one cover the local path through the real bundle.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../bin/attune-cli.js';
import type { CliDeps, CliIo } from '../../../bin/cli/io.js';
import { ModelUnavailableError, type LanguageModel, type ModelRequest } from '../../../lambdas/ports/language-model.js';
import { AllianceReportSchema, type AllianceReport } from '../../../schemas/alliance.js';

const SESSION = 'samples/sessions/jordan/2026-09-08.txt';
const MODEL_ID = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

interface Captured {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

function captureIo(env: NodeJS.ProcessEnv): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (chunk: string) => (out += chunk) },
      stderr: { write: (chunk: string) => (err += chunk) },
      env,
      now: () => new Date('2026-09-08T15:00:00Z'),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** A model that always answers, but never with JSON an answer schema accepts. */
function malformedModel(): LanguageModel & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    modelId: MODEL_ID,
    requests,
    converse: async (request) => {
      requests.push(request);
      return { text: '{"sections": [ this is not JSON', stopReason: 'end_turn' };
    },
  };
}

/** The factory the CLI calls for `--model`, remembering what it was asked to build. */
function depsFor(model: LanguageModel): CliDeps & { built: Array<{ modelId: string; region: string }> } {
  const built: Array<{ modelId: string; region: string }> = [];
  return {
    built,
    languageModel: (modelId, region) => {
      built.push({ modelId, region });
      return model;
    },
    sleep: async () => {},
  };
}

function reportOf(stdout: string): AllianceReport {
  const lines = stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return AllianceReportSchema.parse(JSON.parse(lines[0]!));
}

/** No run of eight words from any turn of the session appears in `text`. */
function expectNoTranscriptText(text: string, report: AllianceReport): void {
  for (const turn of report.transcript.turns) {
    const words = turn.text.split(/\s+/);
    for (let i = 0; i + 8 <= words.length; i += 4) expect(text).not.toContain(words.slice(i, i + 8).join(' '));
    if (words.length < 8 && turn.text.length > 20) expect(text).not.toContain(turn.text);
  }
}

describe('attune analyze --model: Bedrock through the LanguageModel port, local engine as the fallback', () => {
  it('falls back to the local engine after malformed answers, marks the report degraded and says so in one stderr line', async () => {
    // Prepare
    const model = malformedModel();
    const deps = depsFor(model);
    const cli = captureIo({ AWS_REGION: 'eu-west-2' });

    // Act
    const exitCode = await main(['analyze', SESSION, '--note', 'soap', '--json', '--model', MODEL_ID], cli.io, deps);

    // Assess
    expect(exitCode).toBe(0);
    expect(deps.built).toEqual([{ modelId: MODEL_ID, region: 'eu-west-2' }]);
    // The note and the alliance were each asked for three times before the fallback.
    expect(model.requests).toHaveLength(6);
    const report = reportOf(cli.stdout());
    expect(report.provenance).toMatchObject({ engine: 'local', status: 'degraded', degradedReason: expect.stringMatching(/malformed answer on 3 attempts/) });
    expect(report.note!.provenance).toMatchObject({ engine: 'local', status: 'degraded' });
    expect(report.note!.reviewRequired).toBe(true);
    expect(report.alliance.overall.score).toEqual(expect.any(Number));
    expect(cli.stderr()).toBe(`attune: ${SESSION}: Bedrock unavailable (malformed answer on 3 attempts); local engine used\n`);
    expectNoTranscriptText(cli.stderr(), report);
  });

  it('scores the alliance alone, without asking for a note, when no --note is given', async () => {
    const model = malformedModel();
    const cli = captureIo({ AWS_DEFAULT_REGION: 'us-east-1', ATTUNE_BEDROCK_MODEL_ID: MODEL_ID });

    const exitCode = await main(['analyze', SESSION, '--json'], cli.io, depsFor(model));

    expect(exitCode).toBe(0);
    expect(model.requests).toHaveLength(3);
    const report = reportOf(cli.stdout());
    expect(report.note).toBeUndefined();
    expect(report.provenance.status).toBe('degraded');
    expect(cli.stderr()).toMatch(/^attune: .*2026-09-08\.txt: Bedrock unavailable \(malformed answer on 3 attempts\); local engine used\n$/);
  });

  it('names the error code, not its message, when the model is unavailable, and still prints the text report and note', async () => {
    const secret = 'AccessDenied for arn:aws:iam::123456789012:role/x';
    const model: LanguageModel = {
      modelId: MODEL_ID,
      converse: async () => {
        throw new ModelUnavailableError(secret, 'model_access_denied');
      },
    };
    const cli = captureIo({ AWS_REGION: 'us-east-1' });

    const exitCode = await main(['analyze', SESSION, '--note', 'girp', '--model', MODEL_ID], cli.io, depsFor(model));

    expect(exitCode).toBe(0);
    expect(cli.stderr()).toBe(`attune: ${SESSION}: Bedrock unavailable (model_access_denied); local engine used\n`);
    expect(cli.stdout()).toMatch(/Overall alliance\s+\d+/);
    expect(cli.stdout()).toMatch(/^━━ Progress note \(GIRP\): draft/m);
    expect(cli.stdout()).not.toContain(secret);
  });

  it('prints the FHIR export of the fallback note, tagged with the local engine', async () => {
    const cli = captureIo({ AWS_REGION: 'us-east-1' });

    const exitCode = await main(['analyze', SESSION, '--note', 'soap', '--fhir', '--model', MODEL_ID], cli.io, depsFor(malformedModel()));

    expect(exitCode).toBe(0);
    const doc = JSON.parse(cli.stdout()) as { resourceType: string; meta: { tag: Array<{ code: string }> } };
    expect(doc.resourceType).toBe('DocumentReference');
    expect(doc.meta.tag.map((t) => t.code)).toContain('local');
    expect(cli.stderr()).toMatch(/Bedrock unavailable/);
  });

  it('refuses a model without a region (exit 2) and never builds the model', async () => {
    const deps = depsFor(malformedModel());
    const cli = captureIo({ ATTUNE_BEDROCK_MODEL_ID: MODEL_ID });

    const exitCode = await main(['analyze', SESSION], cli.io, deps);

    expect(exitCode).toBe(2);
    expect(deps.built).toEqual([]);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toMatch(/^attune: ATTUNE_BEDROCK_MODEL_ID chooses a Bedrock model but no AWS region is set: export AWS_REGION/);
  });
});
