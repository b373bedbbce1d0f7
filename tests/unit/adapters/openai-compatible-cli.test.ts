/**
 * `attune analyze --model-url/--model-name` (and ATTUNE_MODEL_URL/ATTUNE_MODEL_NAME), run in-process
 * against a real local server that speaks the chat-completions format: the same path as `--model`, with
 * the local engine as the fallback and configuration mistakes refused before any file is read.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../bin/attune-cli.js';
import type { CliDeps, CliIo } from '../../../bin/cli/io.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import type { LanguageModel } from '../../../lambdas/ports/language-model.js';
import { AllianceReportSchema, type AllianceReport } from '../../../schemas/alliance.js';
import { goodAllianceAnswer, goodNoteAnswer } from '../model/bedrock-fake.js';
import { closedPort, reply, startFakeModelServer, status, type FakeModelServer } from './openai-compatible-server.js';

const SESSION = 'samples/sessions/jordan/2026-09-08.txt';
const MODEL = 'llama3.1:8b';
const transcript = parseTranscript(readFileSync(SESSION), { filename: SESSION });

let servers: FakeModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function captureIo(env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    env,
    now: () => new Date('2026-09-08T15:00:00Z'),
  };
  return { io, stdout: () => out, stderr: () => err };
}

/** Deps that fail the test if the CLI ever reaches for Bedrock, and retries that never wait. */
function noBedrock(): CliDeps & { bedrockAsked: string[] } {
  const bedrockAsked: string[] = [];
  return {
    bedrockAsked,
    languageModel: (modelId): LanguageModel => {
      bedrockAsked.push(modelId);
      throw new Error('Bedrock must not be built on this path');
    },
    sleep: async () => {},
  };
}

function reportOf(stdout: string): AllianceReport {
  const lines = stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return AllianceReportSchema.parse(JSON.parse(lines[0]!));
}

async function goodServer(): Promise<FakeModelServer> {
  const server = await startFakeModelServer({ note: [reply(goodNoteAnswer(transcript))], alliance: [reply(goodAllianceAnswer(transcript))] });
  servers.push(server);
  return server;
}

describe('attune analyze with a self-hosted OpenAI-compatible server', () => {
  it('writes the note and rates the alliance with the server named by --model-url and --model-name', async () => {
    // Prepare
    const server = await goodServer();
    const deps = noBedrock();
    const cli = captureIo({ ATTUNE_BEDROCK_MODEL_ID: 'amazon.nova-pro-v1:0', AWS_REGION: 'us-east-1' });

    // Act: the flags win over a Bedrock model id left in the shell
    const exitCode = await main(['analyze', SESSION, '--note', 'soap', '--json', '--model-url', server.baseUrl, '--model-name', MODEL], cli.io, deps);

    // Assess
    expect(exitCode).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(deps.bedrockAsked).toEqual([]);
    const report = reportOf(cli.stdout());
    expect(report.note!.provenance).toMatchObject({ modelId: 'openai-compatible:llama3.1:8b', status: 'ok' });
    expect(report.provenance).toMatchObject({ modelId: 'openai-compatible:llama3.1:8b', status: 'ok' });
    expect(report.note!.sections[0]!.sentences[0]!.text).toBe('Subjective: client described the main concern of the session.');
    expect(server.requests.note).toHaveLength(1);
    expect(server.requests.alliance).toHaveLength(1);
  });

  it('reads ATTUNE_MODEL_URL, ATTUNE_MODEL_NAME and ATTUNE_MODEL_API_KEY from the environment', async () => {
    const server = await goodServer();
    const cli = captureIo({ ATTUNE_MODEL_URL: server.baseUrl, ATTUNE_MODEL_NAME: MODEL, ATTUNE_MODEL_API_KEY: 'sk-local-123' });

    const exitCode = await main(['analyze', SESSION, '--json'], cli.io, noBedrock());

    expect(exitCode).toBe(0);
    expect(reportOf(cli.stdout()).provenance).toMatchObject({ modelId: 'openai-compatible:llama3.1:8b', status: 'ok' });
    expect(server.requests.alliance[0]!.headers.authorization).toBe('Bearer sk-local-123');
    expect(server.requests.note).toHaveLength(0); // no --note: the note is never asked for
  });

  it('falls back to the local engine when no server listens, and says where and what to do in one stderr line', async () => {
    const port = await closedPort();
    const cli = captureIo({ ATTUNE_MODEL_URL: `http://127.0.0.1:${port}/v1`, ATTUNE_MODEL_NAME: MODEL });

    const exitCode = await main(['analyze', SESSION, '--note', 'soap', '--json'], cli.io, noBedrock());

    expect(exitCode).toBe(0);
    const report = reportOf(cli.stdout());
    expect(report.provenance).toMatchObject({ engine: 'local', status: 'degraded' });
    expect(report.note!.provenance).toMatchObject({ engine: 'local', status: 'degraded' });
    expect(cli.stderr()).toBe(
      `attune: ${SESSION}: no usable answer from the model server at 127.0.0.1:${port} (model_server_unreachable: start it or unset ATTUNE_MODEL_URL); local engine used\n`,
    );
  });

  it('retries a server that is still loading its model, then uses its answers', async () => {
    const loading = status(503, { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } });
    const server = await startFakeModelServer({
      note: [loading, reply(goodNoteAnswer(transcript, 'dap'))],
      alliance: [loading, reply(goodAllianceAnswer(transcript))],
    });
    servers.push(server);
    const cli = captureIo({});

    const exitCode = await main(['analyze', SESSION, '--note', 'dap', '--json', '--model-url', server.baseUrl, '--model-name', MODEL], cli.io, noBedrock());

    expect(exitCode).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(reportOf(cli.stdout()).note!.provenance.status).toBe('ok');
    expect(server.requests.note).toHaveLength(2);
  });
});

describe('attune: model configuration mistakes are usage errors (exit 2), found before any file is read', () => {
  it.each([
    [['--model-url', 'http://localhost:11434/v1'], {}, /^attune: --model-url needs the model the server runs: add --model-name <name>/],
    [['--model-name', MODEL], {}, /^attune: --model-name needs the server that runs it: add --model-url <url>/],
    [
      ['--model', 'amazon.nova-pro-v1:0', '--model-url', 'http://localhost:11434/v1'],
      { AWS_REGION: 'us-east-1' },
      /^attune: --model chooses an Amazon Bedrock model and --model-url/,
    ],
    [[], { ATTUNE_MODEL_URL: 'http://localhost:11434/v1' }, /^attune: ATTUNE_MODEL_URL is set but ATTUNE_MODEL_NAME is not/],
    [
      [],
      { ATTUNE_BEDROCK_MODEL_ID: 'amazon.nova-pro-v1:0', ATTUNE_MODEL_URL: 'http://localhost:11434/v1', ATTUNE_MODEL_NAME: MODEL },
      /^attune: both ATTUNE_BEDROCK_MODEL_ID and/,
    ],
    [['--model-url', 'localhost:11434', '--model-name', MODEL], {}, /^attune: ATTUNE_MODEL_URL must be an http:\/\/ or https:\/\/ URL/],
  ])('analyze %j with %j', async (flags, env, message) => {
    const cli = captureIo(env as NodeJS.ProcessEnv);

    const exitCode = await main(['analyze', SESSION, '--json', ...(flags as string[])], cli.io, noBedrock());

    expect(exitCode).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toMatch(message);
    expect(cli.stderr().split('\n')).toHaveLength(2); // one line, no stack trace
  });

  it('attune run refuses a half-configured server before starting the local runtime', async () => {
    const cli = captureIo({ ATTUNE_MODEL_NAME: MODEL });

    const exitCode = await main(['run', SESSION, '--client', 'jordan', '--consent'], cli.io, noBedrock());

    expect(exitCode).toBe(2);
    expect(cli.stderr()).toMatch(/^attune: ATTUNE_MODEL_NAME is set but ATTUNE_MODEL_URL is not: set it to the server's base URL/);
  });
});
