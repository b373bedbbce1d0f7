/**
 * An OpenAI-compatible server's failures, mapped onto the port's three kinds with Bedrock's semantics:
 * what a pause can cure (rate limit, a server busy or still loading its model) is ModelThrottledError and
 * is retried; everything else (no server, wrong name or key, a request it rejects, a crash, a timeout)
 * is ModelUnavailableError, so the core falls back to the local engine at once.
 *
 * The server's own error text is read to classify, never repeated: vLLM and llama-server echo parts of
 * a rejected request in it, and a message reaches logs and provenance.
 */
import { ModelThrottledError, ModelUnavailableError } from '../../ports/language-model.js';
import { MODEL_API_KEY_VARIABLE, MODEL_NAME_VARIABLE, MODEL_TIMEOUT_VARIABLE, MODEL_URL_VARIABLE } from './endpoint.js';

interface ServerError {
  message: string;
  /** `invalid_request_error`, `unavailable_error`, …, when it is a short identifier. */
  type: string | null;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_.-]{0,40}$/;

/**
 * The error in a failed response's body, in the shapes these servers use: OpenAI's (and llama-server's,
 * Ollama's) `{"error": {"message", "type"}}`, vLLM's older `{"object": "error", "message", "type"}`, and
 * Ollama's native `{"error": "…"}`.
 */
export function serverErrorOf(body: string): ServerError {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { message: '', type: null };
  }
  if (typeof value !== 'object' || value === null) return { message: '', type: null };
  const outer = value as { error?: unknown; message?: unknown; type?: unknown };
  const inner = typeof outer.error === 'object' && outer.error !== null ? (outer.error as { message?: unknown; type?: unknown }) : outer;
  const message = typeof outer.error === 'string' ? outer.error : typeof inner.message === 'string' ? inner.message : '';
  const type = typeof inner.type === 'string' && IDENTIFIER.test(inner.type) ? inner.type : null;
  return { message, type };
}

/** The server does not take `response_format: {"type": "json_object"}` (some accept only `json_schema`, some neither). */
export function rejectsJsonMode(body: string): boolean {
  return /response_format|json_object|json mode/i.test(serverErrorOf(body).message);
}

// vLLM: "This model's maximum context length is …"; llama-server: "the request exceeds the available
// context size"; Ollama and gateways: "context window", "prompt is too long", "too many tokens".
const CONTEXT_EXCEEDED = /context (?:length|size|window)|maximum context|prompt is too long|too many tokens/i;

export function httpError(status: number, body: string, model: string, where: string): Error {
  const server = serverErrorOf(body);
  const detail = `HTTP ${status}${server.type ? `, ${server.type}` : ''}`;
  if (status === 429) {
    return new ModelThrottledError(`the model server at ${where} is rate-limiting model ${model} (${detail}); retry later or raise its limit`);
  }
  if (status === 503) {
    // llama-server answers 503 "Loading model" until its model is in memory; Ollama 503 when its queue is full.
    return new ModelThrottledError(`the model server at ${where} is busy or still loading model ${model} (${detail}); retry in a moment`, 'model_server_busy');
  }
  if (status === 401 || status === 403) {
    return new ModelUnavailableError(`the model server at ${where} refused the request (${detail}): check ${MODEL_API_KEY_VARIABLE}`, 'model_access_denied');
  }
  if (status === 404) {
    return new ModelUnavailableError(
      `the model server at ${where} has no model ${model} or no chat-completions endpoint (${detail}): check ${MODEL_NAME_VARIABLE} (for Ollama, 'ollama pull ${model}') and that ${MODEL_URL_VARIABLE} is the base URL, usually ending in /v1`,
      'model_not_found',
    );
  }
  if (status >= 400 && status < 500 && CONTEXT_EXCEEDED.test(server.message)) {
    return new ModelUnavailableError(
      `the session is too long for model ${model}'s context at ${where} (${detail}); give the server a larger context (Ollama: OLLAMA_CONTEXT_LENGTH, llama-server: --ctx-size, vLLM: --max-model-len) or choose a model with a larger one`,
      'model_context_window_exceeded',
    );
  }
  if (status === 408 || status === 504) {
    return new ModelUnavailableError(
      `the model server at ${where} (or a proxy before it) gave up waiting for model ${model} (${detail}); try a smaller model`,
      'model_timeout',
    );
  }
  if (status >= 300 && status < 400) {
    return new ModelUnavailableError(
      `the model server at ${where} redirected the request (${detail}), which is not followed: set ${MODEL_URL_VARIABLE} to the final URL (https?)`,
      'model_redirected',
    );
  }
  if (status >= 500) {
    return new ModelUnavailableError(`the model server at ${where} failed serving model ${model} (${detail}); see the server's log`, 'model_service_error');
  }
  return new ModelUnavailableError(
    `the model server at ${where} rejected the request for model ${model} (${detail}); see the server's log`,
    'model_request_invalid',
  );
}

/** The first system error code in a fetch failure's causes (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
function causeCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  return null;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** A request that got no HTTP answer at all. */
export function networkError(error: unknown, where: string, timeoutMs: number): Error {
  const code = causeCode(error);
  if (isTimeout(error) || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ModelUnavailableError(
      `no answer from the model server at ${where} within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}: choose a smaller model, or raise ${MODEL_TIMEOUT_VARIABLE} (at most 300)`,
      'model_timeout',
    );
  }
  if (code === 'ECONNREFUSED') {
    return new ModelUnavailableError(`no model server at ${where}: start it or unset ${MODEL_URL_VARIABLE}`, 'model_server_unreachable');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ModelUnavailableError(`cannot find the host of ${where}: check ${MODEL_URL_VARIABLE}`, 'model_server_unreachable');
  }
  return new ModelUnavailableError(
    `could not reach the model server at ${where} (${code ?? 'network error'}): check that it is running and ${MODEL_URL_VARIABLE}`,
    'model_network',
  );
}
