/**
 * Where an OpenAI-compatible model server is, read from what a self-hoster types: `http://localhost:11434/v1`
 * (Ollama), `http://localhost:8000/v1` (vLLM), `http://localhost:8080` (llama.cpp's llama-server). Checked once,
 * when the adapter is built, so a typo stops the process at start-up instead of degrading every note.
 */
import { InvalidInputError } from '../../core/errors.js';

export const MODEL_URL_VARIABLE = 'ATTUNE_MODEL_URL';
export const MODEL_NAME_VARIABLE = 'ATTUNE_MODEL_NAME';
export const MODEL_API_KEY_VARIABLE = 'ATTUNE_MODEL_API_KEY';
export const MODEL_TIMEOUT_VARIABLE = 'ATTUNE_MODEL_TIMEOUT_SECONDS';

/** The model is configured in a way that cannot work (CLI exit 2; the local server refuses to start). */
export class ModelConfigurationError extends InvalidInputError {
  constructor(message: string) {
    super(message, 'model_configuration');
  }
}

export interface Endpoint {
  /** The URL every request is POSTed to: the base path plus `/chat/completions`, the base's query kept. */
  chatCompletions: URL;
  /**
   * `host:port`, the only part of the URL an error message shows: the path and query may hold a
   * deployment name or a key, and the user knows them already.
   */
  where: string;
}

const CHAT_COMPLETIONS = '/chat/completions';

/**
 * The chat-completions URL for a base URL. The base is what OpenAI clients call `base_url` (it ends in
 * `/v1`); a full `…/chat/completions` URL is taken as it is, and a bare `http://host:port` gets `/v1`,
 * which Ollama, vLLM and llama-server all serve.
 */
export function endpointOf(baseUrl: string): Endpoint {
  const given = baseUrl.trim();
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ModelConfigurationError(`${MODEL_URL_VARIABLE} is not a URL: give the server's base URL, e.g. http://localhost:11434/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelConfigurationError(`${MODEL_URL_VARIABLE} must be an http:// or https:// URL, e.g. http://localhost:11434/v1`);
  }
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such URLs, and the password would travel in every error report that prints the URL.
    throw new ModelConfigurationError(
      `${MODEL_URL_VARIABLE} for ${where} carries a user name or password: remove it from the URL and put the key in ${MODEL_API_KEY_VARIABLE}`,
    );
  }
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(CHAT_COMPLETIONS)) url.pathname = path;
  else if (path === '') url.pathname = `/v1${CHAT_COMPLETIONS}`;
  else url.pathname = `${path}${CHAT_COMPLETIONS}`;
  return { chatCompletions: url, where };
}

/** Whole seconds, at least one; unset means the default. */
export function timeoutOf(value: string | undefined, defaultMs: number): number {
  const given = value?.trim();
  if (given === undefined || given === '') return defaultMs;
  const seconds = Number(given);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new ModelConfigurationError(`${MODEL_TIMEOUT_VARIABLE} must be a whole number of seconds (at least 1), e.g. 300; it was '${given.slice(0, 20)}'`);
  }
  return seconds * 1000;
}
