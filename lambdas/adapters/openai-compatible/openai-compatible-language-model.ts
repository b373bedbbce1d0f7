/**
 * The OpenAI-compatible adapter of the LanguageModel port: one `POST …/v1/chat/completions` per request,
 * for self-hosters without Amazon Bedrock (Ollama, vLLM, llama.cpp's llama-server, LM Studio, or any
 * gateway that speaks the format). Transport only: the answer is checked, retried and, when unusable,
 * replaced by the local engine's in lambdas/core/model, exactly as Bedrock's is.
 *
 * The transcript travels in the POST body to the configured URL and nowhere else: no redirect is
 * followed, and no error message carries the body, the server's own error text or the URL's path.
 */
import { z } from 'zod';
import { ModelRefusedError, ModelUnavailableError, type LanguageModel, type ModelAnswer, type ModelRequest } from '../../ports/language-model.js';
import {
  endpointOf,
  MODEL_API_KEY_VARIABLE,
  MODEL_NAME_VARIABLE,
  MODEL_TIMEOUT_VARIABLE,
  MODEL_URL_VARIABLE,
  ModelConfigurationError,
  timeoutOf,
  type Endpoint,
} from './endpoint.js';
import { httpError, networkError, rejectsJsonMode } from './errors.js';

/**
 * Five minutes: a 7–8B model on a laptop CPU needs minutes for a note. It is also the most Node's fetch
 * waits for a response's headers (undici's `headersTimeout`), so a longer timeout could not be kept.
 */
export const DEFAULT_TIMEOUT_MS = 300_000;
export const MAX_TIMEOUT_MS = 300_000;

/** Provenance names the path as well as the model, so a note from a local Llama never reads as a Bedrock one. */
export const MODEL_ID_PREFIX = 'openai-compatible:';

export interface OpenAiCompatibleLanguageModelOptions {
  /** The server's OpenAI base URL, e.g. `http://localhost:11434/v1` (see endpointOf). */
  baseUrl: string;
  /** The server's name for the model: `llama3.1:8b` (Ollama), the served model name (vLLM), any name (llama-server). */
  model: string;
  /** Sent as `Authorization: Bearer …` (vLLM's `--api-key`, a gateway's key). Never logged. @default none */
  apiKey?: string;
  /** Per request, the answer's body included. @default DEFAULT_TIMEOUT_MS */
  timeoutMs?: number;
}

/**
 * The model ATTUNE_MODEL_URL and ATTUNE_MODEL_NAME name, or null when neither is set (the local engine
 * is used). One without the other is a configuration error, not a silent fallback.
 * @throws ModelConfigurationError
 */
export function openAiCompatibleLanguageModelFromEnv(env: Record<string, string | undefined>): OpenAiCompatibleLanguageModel | null {
  const baseUrl = env[MODEL_URL_VARIABLE]?.trim() ?? '';
  const model = env[MODEL_NAME_VARIABLE]?.trim() ?? '';
  if (baseUrl === '' && model === '') return null;
  if (model === '') {
    throw new ModelConfigurationError(
      `${MODEL_URL_VARIABLE} is set but ${MODEL_NAME_VARIABLE} is not: set it to the model the server runs (e.g. 'export ${MODEL_NAME_VARIABLE}=llama3.1:8b'), or unset ${MODEL_URL_VARIABLE} for the local engine`,
    );
  }
  if (baseUrl === '') {
    throw new ModelConfigurationError(
      `${MODEL_NAME_VARIABLE} is set but ${MODEL_URL_VARIABLE} is not: set it to the server's base URL (e.g. 'export ${MODEL_URL_VARIABLE}=http://localhost:11434/v1'), or unset ${MODEL_NAME_VARIABLE}`,
    );
  }
  const apiKey = env[MODEL_API_KEY_VARIABLE]?.trim();
  return new OpenAiCompatibleLanguageModel({
    baseUrl,
    model,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: timeoutOf(env[MODEL_TIMEOUT_VARIABLE], DEFAULT_TIMEOUT_MS),
  });
}

// What the adapter reads of a chat completion; every other field is ignored.
const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

/** Reasoning models on servers that do not separate their thinking put it first, in these tags. */
const LEADING_THOUGHTS = /^\s*<think>[\s\S]*?<\/think>\s*/;

export class OpenAiCompatibleLanguageModel implements LanguageModel {
  readonly modelId: string;
  readonly engine = 'openai-compatible' as const;
  readonly #model: string;
  readonly #endpoint: Endpoint;
  readonly #authorization: string | null;
  readonly #timeoutMs: number;
  /** JSON mode is asked for until the server rejects it; then the prompt alone asks for JSON. */
  #jsonMode = true;

  /** @throws ModelConfigurationError for a URL, name or timeout that cannot work */
  constructor(options: OpenAiCompatibleLanguageModelOptions) {
    const model = options.model.trim();
    if (model === '') throw new ModelConfigurationError(`no model name was given: set ${MODEL_NAME_VARIABLE}, e.g. llama3.1:8b`);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new ModelConfigurationError(`${MODEL_TIMEOUT_VARIABLE} must be between 1 and ${MAX_TIMEOUT_MS / 1000} seconds`);
    }
    this.#endpoint = endpointOf(options.baseUrl);
    this.#model = model;
    this.modelId = `${MODEL_ID_PREFIX}${model}`;
    this.#authorization = options.apiKey ? `Bearer ${options.apiKey}` : null;
    this.#timeoutMs = timeoutMs;
  }

  /** `host:port` of the server, for messages. */
  get where(): string {
    return this.#endpoint.where;
  }

  async converse(request: ModelRequest): Promise<ModelAnswer> {
    let reply = await this.#post(request, this.#jsonMode);
    // One more request, not a retry: the same question without the option this server does not take.
    if (this.#jsonMode && reply.status === 400 && rejectsJsonMode(reply.body)) {
      this.#jsonMode = false;
      reply = await this.#post(request, false);
    }
    if (reply.status < 200 || reply.status > 299) throw httpError(reply.status, reply.body, this.#model, this.#endpoint.where);
    return this.#answerOf(reply.body);
  }

  async #post(request: ModelRequest, jsonMode: boolean): Promise<{ status: number; body: string }> {
    const body = {
      model: this.#model,
      messages: [{ role: 'system', content: request.system }, ...request.messages.map((m) => ({ role: m.role, content: m.text }))],
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      stream: false,
      ...(jsonMode ? { response_format: { type: 'json_object' } } : {}),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.#authorization !== null) headers.authorization = this.#authorization;
    try {
      const response = await fetch(this.#endpoint.chatCompletions, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        // A redirect would carry the transcript to a host nobody configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      throw networkError(error, this.#endpoint.where, this.#timeoutMs);
    }
  }

  #answerOf(body: string): ModelAnswer {
    let parsed: z.ZodSafeParseResult<z.infer<typeof CompletionSchema>>;
    try {
      parsed = CompletionSchema.safeParse(JSON.parse(body));
    } catch {
      parsed = CompletionSchema.safeParse(undefined);
    }
    if (!parsed.success) {
      throw new ModelUnavailableError(
        `the server at ${this.#endpoint.where} did not answer in the chat-completions format: check that ${MODEL_URL_VARIABLE} is its OpenAI base URL (usually ending in /v1)`,
        'model_response_invalid',
      );
    }
    const choice = parsed.data.choices[0]!;
    const stopReason = choice.finish_reason ?? 'unknown';
    if (stopReason === 'content_filter' || (choice.message.refusal && !choice.message.content)) {
      throw new ModelRefusedError(
        `model ${this.#model} at ${this.#endpoint.where} declined to answer (${stopReason === 'content_filter' ? 'content_filter' : 'refusal'})`,
      );
    }
    // `length` (cut off at max_tokens) still returns its text: the answer's validator rejects truncated JSON and the core retries.
    return { text: (choice.message.content ?? '').replace(LEADING_THOUGHTS, ''), stopReason };
  }
}
