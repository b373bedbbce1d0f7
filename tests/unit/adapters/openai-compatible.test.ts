/**
 * The OpenAI-compatible adapter against a real local HTTP server that speaks the chat-completions format,
 * through the same core path as Bedrock: schema validation, verbatim-evidence checks, retries, risk merge
 * and the fallback to the local engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { languageModelFromEnv, modelChoiceFromEnv, ModelConfigurationError } from '../../../lambdas/adapters/language-model-from-env.js';
import { endpointOf } from '../../../lambdas/adapters/openai-compatible/endpoint.js';
import {
  OpenAiCompatibleLanguageModel,
  openAiCompatibleLanguageModelFromEnv,
} from '../../../lambdas/adapters/openai-compatible/openai-compatible-language-model.js';
import { generateNoteWithModel, generateWithModel } from '../../../lambdas/core/model/generate.js';
import { PROMPT_VERSION } from '../../../lambdas/core/model/prompts.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { ModelRefusedError, ModelThrottledError, ModelUnavailableError, type ModelRequest } from '../../../lambdas/ports/language-model.js';
import { AllianceSchema } from '../../../schemas/alliance.js';
import { ProgressNoteSchema } from '../../../schemas/note.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { fixtureTranscript } from '../../helpers.js';
import { expectEvidenceVerified, goodAllianceAnswer, goodNoteAnswer } from '../model/bedrock-fake.js';
import { closedPort, reply, replyText, startFakeModelServer, status, type FakeModelServer, type ServerReply, type Task } from './openai-compatible-server.js';

const MODEL = 'llama3.1:8b';
const CREATED_AT = new Date('2026-09-15T10:00:00Z');
const REQUEST: ModelRequest = { system: 'Answer with a JSON object.', messages: [{ role: 'user', text: 'hello' }], maxTokens: 100, temperature: 0 };

let servers: FakeModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(script: Parameters<typeof startFakeModelServer>[0]): Promise<FakeModelServer> {
  const server = await startFakeModelServer(script);
  servers.push(server);
  return server;
}

function modelAt(server: FakeModelServer, options: { apiKey?: string; timeoutMs?: number } = {}) {
  return new OpenAiCompatibleLanguageModel({ baseUrl: server.baseUrl, model: MODEL, ...options });
}

/** generateWithModel against a fake server running `script`; retries never wait. */
async function run(transcript: Transcript, script: Record<Task, ServerReply[]>) {
  const server = await serve(script);
  const delays: number[] = [];
  const result = await generateWithModel({
    model: modelAt(server),
    transcript,
    format: 'soap',
    sessionDate: '2026-09-15',
    createdAt: CREATED_AT,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
  });
  return { ...result, server, delays };
}

/** The error `promise` rejects with (the test fails if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, 'expected a rejection').toBeInstanceOf(Error);
  return outcome as Error;
}

describe('OpenAI-compatible server: a good answer', () => {
  it('becomes a schema-valid note and alliance with every citation verified, and provenance naming the path and model', async () => {
    // Prepare
    const transcript = fixtureTranscript('good-alliance.txt');

    // Act
    const result = await run(transcript, { note: [reply(goodNoteAnswer(transcript))], alliance: [reply(goodAllianceAnswer(transcript, 75))] });

    // Assess
    expect(ProgressNoteSchema.parse(result.note)).toEqual(result.note);
    expect(AllianceSchema.parse(result.alliance)).toEqual(result.alliance);
    expect(result.note.sections[0]!.sentences[0]!.text).toBe('Subjective: client described the main concern of the session.');
    expect(result.noteProvenance).toMatchObject({
      engine: 'openai-compatible',
      modelId: 'openai-compatible:llama3.1:8b',
      rubricVersion: PROMPT_VERSION,
      status: 'ok',
      droppedEvidence: 0,
    });
    expect(result.allianceProvenance).toMatchObject({ engine: 'openai-compatible', modelId: 'openai-compatible:llama3.1:8b', status: 'ok' });
    expectEvidenceVerified(transcript, result.note, result.alliance);
    expect(result.server.requests.note).toHaveLength(1);
    expect(result.server.requests.alliance).toHaveLength(1);
  });

  it('POSTs the chat-completions format to <base>/chat/completions, the transcript in the body only', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');
    const server = await serve({ note: [reply(goodNoteAnswer(transcript))], alliance: [reply(goodAllianceAnswer(transcript))] });

    const { note } = await generateNoteWithModel({
      model: modelAt(server, { apiKey: 'sk-local-123' }),
      transcript,
      format: 'soap',
      sessionDate: null,
      createdAt: CREATED_AT,
    });

    expect(note.provenance.status).toBe('ok');
    const [request] = server.requests.note;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v1/chat/completions');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.authorization).toBe('Bearer sk-local-123');
    expect(request!.body).toMatchObject({
      model: MODEL,
      stream: false,
      response_format: { type: 'json_object' },
      temperature: expect.any(Number),
      max_tokens: expect.any(Number),
    });
    expect(request!.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(request!.body.messages[0]!.content).not.toContain(transcript.turns[3]!.text);
    expect(request!.body.messages[1]!.content).toContain(transcript.turns[3]!.text);
  });

  it('removes a leading <think> block a reasoning model wrote before its JSON', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');
    const thinking = `<think>The client seems engaged; I should cite t0002.</think>\n${JSON.stringify(goodNoteAnswer(transcript))}`;
    const server = await serve({ note: [replyText(thinking)], alliance: [replyText('unused')] });

    const { note } = await generateNoteWithModel({
      model: modelAt(server),
      transcript,
      format: 'soap',
      sessionDate: null,
      createdAt: CREATED_AT,
      sleep: async () => {},
    });

    expect(server.requests.note).toHaveLength(1);
    expect(note.provenance).toMatchObject({ status: 'ok', modelId: 'openai-compatible:llama3.1:8b' });
  });
});

describe('OpenAI-compatible server: answers the checks reject', () => {
  it('retries malformed JSON, showing the model its answer and what was wrong, and keeps the second answer', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');

    const result = await run(transcript, {
      note: [replyText('{"sections": [ this is not JSON'), reply(goodNoteAnswer(transcript))],
      alliance: [reply(goodAllianceAnswer(transcript))],
    });

    expect(result.server.requests.note).toHaveLength(2);
    const retry = result.server.requests.note[1]!.body.messages;
    expect(retry.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(retry[2]!.content).toBe('{"sections": [ this is not JSON');
    expect(retry[3]!.content).toMatch(/not valid JSON|not a single JSON object/);
    expect(result.noteProvenance.status).toBe('ok');
    expect(result.delays).toHaveLength(1);
  });

  it('falls back to the local note when every answer is malformed, provenance saying so', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');

    const result = await run(transcript, { note: [replyText('Sure! Here is the note: Subjective…')], alliance: [reply(goodAllianceAnswer(transcript))] });

    expect(result.server.requests.note).toHaveLength(3);
    expect(result.noteProvenance).toMatchObject({
      engine: 'local',
      status: 'degraded',
      degradedReason: expect.stringMatching(/malformed answer on 3 attempts; local engine used$/),
    });
    expect(ProgressNoteSchema.parse(result.note)).toEqual(result.note);
    expect(result.allianceProvenance.status).toBe('ok');
  });

  it('drops citations of a turn that does not exist and quotes that are not verbatim, and counts them', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');
    const note = goodNoteAnswer(transcript);
    note.sections[0]!.sentences.push({ text: 'Client reported a hospital admission.', evidence: ['t0999'] });
    const alliance = goodAllianceAnswer(transcript);
    alliance.dimensions.therapeuticRelationship!.evidence.push(
      { turnId: 't0007', quote: 'It sounds like that comment hurt you deeply' }, // a paraphrase
      { turnId: 't0404', quote: 'Welcome back.' }, // no such turn
    );

    const result = await run(transcript, { note: [reply(note)], alliance: [reply(alliance)] });

    expect(result.droppedEvidence).toEqual({ note: 2, alliance: 2 });
    expect(result.note.sections[0]!.sentences.map((s) => s.text)).not.toContain('Client reported a hospital admission.');
    expect(result.alliance.dimensions.therapeuticRelationship.evidence.map((e) => e.turnId)).toEqual(['t0005']);
    expectEvidenceVerified(transcript, result.note, result.alliance);
  });

  it("adds the risk statement the model left out, from the code's own detector", async () => {
    const transcript = parseTranscript(
      [
        'Therapist: How has the week been since we last met?',
        'Client: Honestly terrible. Some nights I think everyone would be better off if I was dead.',
        'Therapist: Thank you for telling me that. Have you had thoughts of ending your life?',
        'Client: Sometimes, but I have not made any plan and I would not act on it.',
        'Therapist: I am glad you told me. Let us talk about what keeps you safe on those nights.',
        'Client: My sister. I can call her, and I did call her on Tuesday.',
      ].join('\n'),
    );
    const answer = goodNoteAnswer(transcript); // riskStatements: []

    const result = await run(transcript, { note: [reply(answer)], alliance: [reply(goodAllianceAnswer(transcript))] });

    expect(result.noteProvenance.status).toBe('ok');
    expect(result.note.riskStatements.length).toBeGreaterThan(0);
    expect(result.note.reviewRequired).toBe(true);
  });
});

describe('OpenAI-compatible server: retries and fallback', () => {
  it('retries after a 429 and keeps the answer that follows', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');

    const result = await run(transcript, {
      note: [status(429, { error: { message: 'rate limit', type: 'rate_limit_error' } }), reply(goodNoteAnswer(transcript))],
      alliance: [reply(goodAllianceAnswer(transcript))],
    });

    expect(result.server.requests.note).toHaveLength(2);
    expect(result.noteProvenance).toMatchObject({ status: 'ok', modelId: 'openai-compatible:llama3.1:8b' });
    expect(result.delays).toEqual([250]);
  });

  it('retries while llama-server answers 503 "Loading model"', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');
    const loading = status(503, { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } });

    const result = await run(transcript, { note: [loading, loading, reply(goodNoteAnswer(transcript))], alliance: [reply(goodAllianceAnswer(transcript))] });

    expect(result.server.requests.note).toHaveLength(3);
    expect(result.noteProvenance.status).toBe('ok');
  });

  it('falls back to the local engine at once on a 500, with provenance saying why', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');
    const crash = status(500, { error: { message: 'llama runner process has terminated', type: 'api_error' } });

    const result = await run(transcript, { note: [crash], alliance: [crash] });

    // A crashed model fails the same request the same way: one attempt each, as Bedrock's InternalServerException.
    expect(result.server.requests.note).toHaveLength(1);
    expect(result.server.requests.alliance).toHaveLength(1);
    expect(result.noteProvenance).toMatchObject({
      engine: 'local',
      status: 'degraded',
      degradedReason: expect.stringContaining('unavailable (model_service_error); local engine used'),
    });
    expect(result.allianceProvenance).toMatchObject({ engine: 'local', status: 'degraded' });
    expect(ProgressNoteSchema.parse(result.note)).toEqual(result.note);
    expect(AllianceSchema.parse(result.alliance)).toEqual(result.alliance);
  });

  it('falls back when the server never gets over its 503s', async () => {
    const transcript = fixtureTranscript('good-alliance.txt');

    const result = await run(transcript, { note: [status(503)], alliance: [status(503)] });

    expect(result.server.requests.note).toHaveLength(3);
    expect(result.noteProvenance).toMatchObject({ engine: 'local', status: 'degraded', degradedReason: expect.stringContaining('throttled on 3 attempts') });
  });
});

describe('OpenAI-compatible adapter: what the server says, in the port’s words', () => {
  it('names host and port only when no server listens there: no path, no query', async () => {
    const port = await closedPort();
    const model = new OpenAiCompatibleLanguageModel({ baseUrl: `http://127.0.0.1:${port}/v1?api-key=secret-in-query`, model: MODEL });

    const error = await failureOf(model.converse(REQUEST));

    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(error.message).toBe(`no model server at 127.0.0.1:${port}: start it or unset ATTUNE_MODEL_URL`);
    expect((error as ModelUnavailableError).code).toBe('model_server_unreachable');
  });

  it('ends a request the server never answers at the timeout, as unavailable', async () => {
    const server = await serve(() => ({ hang: true }));

    const error = await failureOf(modelAt(server, { timeoutMs: 200 }).converse(REQUEST));

    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).code).toBe('model_timeout');
    expect(error.message).toMatch(
      /^no answer from the model server at 127\.0\.0\.1:\d+ within 200 ms: choose a smaller model, or raise ATTUNE_MODEL_TIMEOUT_SECONDS/,
    );
  });

  it('maps 429 and 503 to throttled (retried), every other failure to unavailable with a remedy', async () => {
    const cases: Array<[ServerReply, string, RegExp]> = [
      [status(429), 'model_throttled', /rate-limiting model llama3\.1:8b \(HTTP 429, server_error\)/],
      [status(503), 'model_server_busy', /busy or still loading/],
      [
        status(401, { error: { message: 'invalid api key sk-local-123', type: 'invalid_request_error' } }),
        'model_access_denied',
        /check ATTUNE_MODEL_API_KEY$/,
      ],
      [
        status(404, { error: { message: 'model "llama3.1:8b" not found, try pulling it first', type: 'api_error' } }),
        'model_not_found',
        /'ollama pull llama3\.1:8b'/,
      ],
      [
        status(400, {
          object: 'error',
          message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
          type: 'BadRequestError',
        }),
        'model_context_window_exceeded',
        /too long for model llama3\.1:8b's context/,
      ],
      [
        status(400, { error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } }),
        'model_context_window_exceeded',
        /--ctx-size/,
      ],
      [status(422, { detail: 'unprocessable' }), 'model_request_invalid', /rejected the request/],
      [status(502), 'model_service_error', /failed serving model/],
      [{ status: 200, raw: '<html>Welcome to nginx</html>', headers: { 'content-type': 'text/html' } }, 'model_response_invalid', /chat-completions format/],
    ];
    for (const [answer, code, message] of cases) {
      const server = await serve(() => answer);
      const error = await failureOf(modelAt(server, { apiKey: 'sk-local-123' }).converse(REQUEST));
      expect((error as ModelUnavailableError).code, code).toBe(code);
      expect(error.message, code).toMatch(message);
      expect(error.message, code).not.toContain('sk-local-123');
      expect(error).toBeInstanceOf(code === 'model_throttled' || code === 'model_server_busy' ? ModelThrottledError : ModelUnavailableError);
    }
  });

  it("never repeats the server's error text, which may echo the transcript", async () => {
    const echoed = 'Client: Some nights I think everyone would be better off';
    const server = await serve(() => status(400, { error: { message: `invalid token near "${echoed}"`, type: 'invalid_request_error' } }));

    const error = await failureOf(modelAt(server).converse(REQUEST));

    expect((error as ModelUnavailableError).code).toBe('model_request_invalid');
    expect(error.message).not.toContain('everyone would be better off');
  });

  it('treats a content filter or a refusal as refused (retried by the core)', async () => {
    const filtered = await serve(() => ({ content: null, finishReason: 'content_filter' }));
    const refused = await serve(() => ({ content: null, refusal: 'I cannot help with that.' }));

    expect(await failureOf(modelAt(filtered).converse(REQUEST))).toBeInstanceOf(ModelRefusedError);
    expect(await failureOf(modelAt(refused).converse(REQUEST))).toBeInstanceOf(ModelRefusedError);
  });

  it('asks again without JSON mode when the server rejects response_format, and stops asking for it', async () => {
    const server = await serve((request) =>
      request.body.response_format
        ? status(400, { error: { message: "'response_format.type' must be 'json_schema' or 'text'", type: 'invalid_request_error' } })
        : replyText('{"ok": true}'),
    );
    const model = modelAt(server);

    const first = await model.converse(REQUEST);
    const second = await model.converse(REQUEST);

    expect(first).toEqual({ text: '{"ok": true}', stopReason: 'stop' });
    expect(second.text).toBe('{"ok": true}');
    expect(server.all.map((r) => r.body.response_format?.type ?? 'none')).toEqual(['json_object', 'none', 'none']);
  });

  it('returns an answer cut off at max_tokens as it is, for the core to reject and retry', async () => {
    const server = await serve(() => replyText('{"sections": [', 'length'));

    expect(await modelAt(server).converse(REQUEST)).toEqual({ text: '{"sections": [', stopReason: 'length' });
  });

  it('follows no redirect, so the transcript never reaches a host nobody configured', async () => {
    const elsewhere = await serve(() => replyText('{"ok": true}'));
    const redirecting = await serve(() => ({ status: 307, raw: '', headers: { location: `${elsewhere.baseUrl}/chat/completions` } }));

    const error = await failureOf(modelAt(redirecting).converse(REQUEST));

    expect((error as ModelUnavailableError).code).toBe('model_redirected');
    expect(elsewhere.all).toHaveLength(0);
  });
});

describe('OpenAI-compatible adapter: configuration', () => {
  it('builds the chat-completions URL from a base URL as OpenAI clients take it', () => {
    expect(endpointOf('http://localhost:11434/v1').chatCompletions.href).toBe('http://localhost:11434/v1/chat/completions');
    expect(endpointOf('http://localhost:11434/v1/').chatCompletions.href).toBe('http://localhost:11434/v1/chat/completions');
    expect(endpointOf('http://localhost:8080').chatCompletions.href).toBe('http://localhost:8080/v1/chat/completions');
    expect(endpointOf('https://gpu-box.internal/v1/chat/completions').chatCompletions.href).toBe('https://gpu-box.internal/v1/chat/completions');
    expect(endpointOf('https://gateway.example/openai/v1?api-version=2024').chatCompletions.href).toBe(
      'https://gateway.example/openai/v1/chat/completions?api-version=2024',
    );
    expect(endpointOf('https://gpu-box.internal/v1').where).toBe('gpu-box.internal:443');
  });

  it('refuses a URL that cannot work, saying what to give instead', () => {
    expect(() => endpointOf('localhost:11434')).toThrow(/must be an http:\/\/ or https:\/\/ URL/);
    expect(() => endpointOf('not a url')).toThrow(/ATTUNE_MODEL_URL is not a URL/);
    const withPassword = (() => {
      try {
        endpointOf('http://me:hunter2@localhost:11434/v1');
        return null;
      } catch (error) {
        return error as Error;
      }
    })();
    expect(withPassword).toBeInstanceOf(ModelConfigurationError);
    expect(withPassword!.message).toMatch(/put the key in ATTUNE_MODEL_API_KEY$/);
    expect(withPassword!.message).not.toContain('hunter2');
  });

  it('is configured by ATTUNE_MODEL_URL and ATTUNE_MODEL_NAME; one without the other is an error naming the missing one', () => {
    expect(openAiCompatibleLanguageModelFromEnv({})).toBeNull();
    expect(openAiCompatibleLanguageModelFromEnv({ ATTUNE_MODEL_URL: 'http://localhost:11434/v1', ATTUNE_MODEL_NAME: MODEL })?.modelId).toBe(
      'openai-compatible:llama3.1:8b',
    );
    expect(() => openAiCompatibleLanguageModelFromEnv({ ATTUNE_MODEL_URL: 'http://localhost:11434/v1' })).toThrow(
      /^ATTUNE_MODEL_URL is set but ATTUNE_MODEL_NAME is not: set it to the model the server runs/,
    );
    expect(() => openAiCompatibleLanguageModelFromEnv({ ATTUNE_MODEL_NAME: MODEL, ATTUNE_MODEL_URL: ' ' })).toThrow(
      /^ATTUNE_MODEL_NAME is set but ATTUNE_MODEL_URL is not/,
    );
    expect(() =>
      openAiCompatibleLanguageModelFromEnv({ ATTUNE_MODEL_URL: 'http://localhost:11434/v1', ATTUNE_MODEL_NAME: MODEL, ATTUNE_MODEL_TIMEOUT_SECONDS: 'soon' }),
    ).toThrow(/ATTUNE_MODEL_TIMEOUT_SECONDS must be a whole number of seconds/);
    expect(() =>
      openAiCompatibleLanguageModelFromEnv({ ATTUNE_MODEL_URL: 'http://localhost:11434/v1', ATTUNE_MODEL_NAME: MODEL, ATTUNE_MODEL_TIMEOUT_SECONDS: '900' }),
    ).toThrow(/between 1 and 300 seconds/);
  });

  it('languageModelFromEnv chooses Bedrock, the OpenAI-compatible server, or none, and refuses both', async () => {
    expect(await languageModelFromEnv({})).toBeNull();
    expect((await languageModelFromEnv({ ATTUNE_MODEL_URL: 'http://localhost:11434/v1', ATTUNE_MODEL_NAME: MODEL }))?.modelId).toBe(
      'openai-compatible:llama3.1:8b',
    );
    expect((await languageModelFromEnv({ ATTUNE_BEDROCK_MODEL_ID: 'amazon.nova-pro-v1:0', AWS_REGION: 'us-east-1' }))?.modelId).toBe('amazon.nova-pro-v1:0');
    expect(() =>
      modelChoiceFromEnv({ ATTUNE_BEDROCK_MODEL_ID: 'amazon.nova-pro-v1:0', ATTUNE_MODEL_URL: 'http://localhost:11434/v1', ATTUNE_MODEL_NAME: MODEL }),
    ).toThrow(/^both ATTUNE_BEDROCK_MODEL_ID and ATTUNE_MODEL_URL\/ATTUNE_MODEL_NAME choose a model/);
    await expect(languageModelFromEnv({ ATTUNE_MODEL_NAME: MODEL })).rejects.toBeInstanceOf(ModelConfigurationError);
  });

  it('never shows the API key when the model is printed or serialised', () => {
    const model = new OpenAiCompatibleLanguageModel({ baseUrl: 'http://localhost:11434/v1', model: MODEL, apiKey: 'sk-local-123' });

    expect(JSON.stringify(model)).not.toContain('sk-local-123');
    expect(String(Object.values(model))).not.toContain('sk-local-123');
  });
});
