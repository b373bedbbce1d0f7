/**
 * The language-model port: what the core needs from a hosted model (Amazon Bedrock in AWS), and the
 * three ways a call can fail that the core treats differently. Adapters map their service's errors onto
 * these; the core never sees an SDK type.
 */
import { AttuneError } from '../core/errors.js';

export interface ModelMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface ModelRequest {
  /** Instructions written by us. Transcript text never goes here: it travels as data in `messages`. */
  system: string;
  messages: ModelMessage[];
  maxTokens: number;
  temperature: number;
}

export interface ModelAnswer {
  text: string;
  /** The service's stop reason as given (`end_turn`, `max_tokens`, …). */
  stopReason: string;
}

export interface LanguageModel {
  /** The id the results' provenance records (a Bedrock model id, inference-profile id or ARN). */
  readonly modelId: string;
  /** Which kind of model, for provenance. @default 'bedrock' */
  readonly engine?: 'bedrock' | 'openai-compatible';
  /**
   * One request, one answer, no retries: the caller owns the retry policy.
   * @throws ModelThrottledError, ModelRefusedError or ModelUnavailableError
   */
  converse(request: ModelRequest): Promise<ModelAnswer>;
}

// Messages name the model and the service's error, never the request: they reach logs and provenance.

/** Rate or quota exceeded, or the model is still warming up: worth retrying after a pause. */
export class ModelThrottledError extends AttuneError {
  constructor(message: string, code = 'model_throttled') {
    super(message, code);
  }
}

/** The model or a guardrail declined to answer (content filter): retrying may help, but rarely. */
export class ModelRefusedError extends AttuneError {
  constructor(message: string, code = 'model_refused') {
    super(message, code);
  }
}

/**
 * The model cannot be used now (no access, wrong id or region, invalid request, timeout, outage,
 * network): retrying the same request will not help, so the caller falls back at once.
 */
export class ModelUnavailableError extends AttuneError {
  constructor(message: string, code = 'model_unavailable') {
    super(message, code);
  }
}
