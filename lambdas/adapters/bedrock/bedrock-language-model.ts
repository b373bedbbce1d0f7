/**
 * The Bedrock adapter of the LanguageModel port: one Converse call per request. Works with any model the
 * Converse API serves (Anthropic Claude, Amazon Nova, …) by base model id, cross-region inference-profile
 * id (`us.anthropic.claude-…`) or ARN.
 */
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import {
  ModelRefusedError,
  ModelThrottledError,
  ModelUnavailableError,
  type LanguageModel,
  type ModelAnswer,
  type ModelRequest,
} from '../../ports/language-model.js';

/** The environment variable naming the model; unset means the local engine writes the note. */
export const MODEL_ID_VARIABLE = 'ATTUNE_BEDROCK_MODEL_ID';

export interface BedrockLanguageModelOptions {
  /** e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`, `us.anthropic.claude-sonnet-4-20250514-v1:0`, `amazon.nova-pro-v1:0`. */
  modelId: string;
  /** @default a client from {@link createBedrockRuntimeClient} */
  client?: BedrockRuntimeClient;
  /** Used only when no client is given. @default the SDK's region chain (AWS_REGION, profile) */
  region?: string;
}

/**
 * A runtime client that tries each call once. The SDK's own retries would multiply ours (3 × 3 calls
 * under throttling) and hide from provenance how many attempts a note took, so our policy is the only one.
 */
export function createBedrockRuntimeClient(region?: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ maxAttempts: 1, ...(region ? { region } : {}) });
}

/** The configured model, or null when none is (then the local engine is used). */
export function bedrockLanguageModelFromEnv(env: Record<string, string | undefined>): BedrockLanguageModel | null {
  const modelId = env[MODEL_ID_VARIABLE]?.trim();
  return modelId ? new BedrockLanguageModel({ modelId, region: env.AWS_REGION }) : null;
}

export class BedrockLanguageModel implements LanguageModel {
  readonly modelId: string;
  private readonly client: BedrockRuntimeClient;

  constructor(options: BedrockLanguageModelOptions) {
    if (options.modelId.trim() === '')
      throw new ModelUnavailableError('no Bedrock model id was configured; set ATTUNE_BEDROCK_MODEL_ID', 'model_not_configured');
    this.modelId = options.modelId.trim();
    this.client = options.client ?? createBedrockRuntimeClient(options.region);
  }

  async converse(request: ModelRequest): Promise<ModelAnswer> {
    let response: ConverseCommandOutput;
    try {
      response = await this.client.send(
        new ConverseCommand({
          modelId: this.modelId,
          system: [{ text: request.system }],
          messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.text }] })),
          inferenceConfig: { maxTokens: request.maxTokens, temperature: request.temperature },
        }),
      );
    } catch (error) {
      throw toModelError(error, this.modelId);
    }
    const stopReason = response.stopReason ?? 'unknown';
    if (stopReason === 'content_filtered' || stopReason === 'guardrail_intervened') {
      throw new ModelRefusedError(`Bedrock model ${this.modelId} declined to answer (${stopReason})`, `model_${stopReason}`);
    }
    if (stopReason === 'model_context_window_exceeded') {
      throw new ModelUnavailableError(
        `the session is too long for Bedrock model ${this.modelId}'s context window; choose a model with a larger one`,
        'model_context_window_exceeded',
      );
    }
    // `max_tokens` still returns its text: the answer's validator rejects truncated JSON and we retry.
    const text = (response.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
    return { text, stopReason };
  }
}

interface ServiceErrorLike {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

const THROTTLED = new Set(['ThrottlingException', 'ServiceQuotaExceededException', 'ModelNotReadyException', 'TooManyRequestsException']);

const UNAVAILABLE: Record<string, { code: string; remedy: string }> = {
  AccessDeniedException: {
    code: 'model_access_denied',
    remedy: 'enable the model under Model access in the Bedrock console and allow bedrock:InvokeModel on its ARN',
  },
  ResourceNotFoundException: {
    code: 'model_not_found',
    remedy: 'check the model id and that the model (or inference profile) exists in this region',
  },
  ValidationException: {
    code: 'model_request_invalid',
    remedy: 'check that the model id is right and that the model supports the Converse API (some need an inference-profile id)',
  },
  ModelTimeoutException: { code: 'model_timeout', remedy: 'try again later or choose a faster model' },
  ServiceUnavailableException: { code: 'model_service_unavailable', remedy: 'try again later' },
  InternalServerException: { code: 'model_service_error', remedy: 'try again later' },
  ModelErrorException: { code: 'model_error', remedy: 'try again later or choose another model' },
};

/** Maps an SDK or network error onto the port's three kinds; the message names the error, never the request. */
export function toModelError(error: unknown, modelId: string): Error {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ServiceErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if (THROTTLED.has(name) || status === 429 || e.$retryable?.throttling === true) {
    return new ModelThrottledError(`Bedrock throttled model ${modelId} (${name}); retry later or raise the account's quota for it`);
  }
  const known = UNAVAILABLE[name];
  if (known) return new ModelUnavailableError(`Bedrock model ${modelId} is unavailable (${name}): ${known.remedy}`, known.code);
  if (status === undefined) {
    // No HTTP response at all: DNS, TLS, connection reset, socket timeout.
    const code = typeof e.code === 'string' ? e.code : name;
    return new ModelUnavailableError(`could not reach Bedrock for model ${modelId} (${code}); check the network and region`, 'model_network');
  }
  return new ModelUnavailableError(`Bedrock model ${modelId} failed (${name}, HTTP ${status})`, 'model_unavailable');
}
