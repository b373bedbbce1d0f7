/**
 * The API client: JSON over fetch with the signed-in user's bearer token, every error turned into an
 * ApiError carrying an RFC 9457 problem (the API's own, or one made here for a body that is not one, or
 * for a network failure), and uploads to a presigned URL by XMLHttpRequest so their progress can be shown.
 */
import { createContext, useContext } from 'react';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { pointer: string; detail?: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds the answer's Retry-After asks the caller to wait (a 409 while processing, a 429), when it names them. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export interface Api {
  /** GET a JSON document; `path` like '/clients/jordan/sessions?limit=50' (encodeURIComponent each id). */
  get<T>(path: string): Promise<T>;
  /** GET a text representation (a note as text/markdown, a FHIR document, …). */
  getText(path: string, accept: string): Promise<string>;
  /** POST, PUT or DELETE with an optional JSON body; resolves to the JSON answer, or undefined for 204. */
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, options?: { idempotencyKey?: string }): Promise<T>;
  /** PUT a file to a presigned URL (no bearer token: the URL is the authorization), reporting progress. */
  upload(url: string, headers: Record<string, string>, file: Blob, onProgress?: (sent: number, total: number) => void): Promise<void>;
}

export const NETWORK_PROBLEM: Problem = {
  type: 'about:blank',
  title: 'The server could not be reached',
  status: 0,
  detail: 'The server could not be reached: check the network connection and try again.',
};

/** A problem for an error answer whose body is not a problem document (a proxy's HTML page, an S3 XML error, nothing). */
export function genericProblem(status: number): Problem {
  return {
    type: 'about:blank',
    title: status >= 500 ? 'The server could not answer' : 'The request was refused',
    status,
    detail: `The server answered ${status}; try again.`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The problem in an error answer's body: an RFC 9457 document when the body is one (application/problem+json
 * or plain JSON with a title), else a generic one naming the status. Never throws.
 */
export function parseProblem(status: number, bodyText: string): Problem {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return genericProblem(status);
  }
  if (!isRecord(body) || typeof body.title !== 'string') {
    // Some gateways answer {"message": "…"} (API Gateway's own 403s and 429s).
    if (isRecord(body) && typeof body.message === 'string' && body.message.length > 0) {
      return { ...genericProblem(status), detail: body.message };
    }
    return genericProblem(status);
  }
  const problem: Problem = {
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: body.title,
    status: typeof body.status === 'number' ? body.status : status,
  };
  if (typeof body.detail === 'string') problem.detail = body.detail;
  if (typeof body.instance === 'string') problem.instance = body.instance;
  if (Array.isArray(body.errors)) {
    problem.errors = body.errors.filter(isRecord).flatMap((error) => {
      if (typeof error.pointer !== 'string') return [];
      return [typeof error.detail === 'string' ? { pointer: error.pointer, detail: error.detail } : { pointer: error.pointer }];
    });
  }
  return problem;
}

export interface ApiOptions {
  /** The API's base address without a trailing slash; '' for the page's own origin. */
  base: string;
  /** The bearer token to send, read at each request. */
  token: () => string | null;
  /** Called on any 401 (the session has ended: sign out), before the ApiError is thrown. */
  onUnauthorized?: (error: ApiError) => void;
  fetch?: typeof fetch;
  XMLHttpRequest?: typeof XMLHttpRequest;
}

export function createApi(options: ApiOptions): Api {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request(method: string, path: string, accept: string, body?: unknown, extra?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { Accept: `${accept}, application/problem+json`, ...extra };
    const token = options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${options.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiError(NETWORK_PROBLEM);
    }
    if (!response.ok) {
      let text = '';
      try {
        text = await response.text();
      } catch {
        // The body could not be read: the status alone says what happened.
      }
      const wait = response.headers.get('retry-after')?.trim();
      const error = new ApiError(parseProblem(response.status, text), wait && /^\d+$/.test(wait) ? Number(wait) : undefined);
      if (response.status === 401) options.onUnauthorized?.(error);
      throw error;
    }
    return response;
  }

  async function json<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (text.length === 0) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError({
        ...genericProblem(response.status),
        title: 'The answer could not be read',
        detail: 'The server sent an answer that is not JSON; try again.',
      });
    }
  }

  return {
    async get<T>(path: string): Promise<T> {
      return json<T>(await request('GET', path, 'application/json'));
    },
    async getText(path: string, accept: string): Promise<string> {
      return (await request('GET', path, accept)).text();
    },
    async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, sendOptions?: { idempotencyKey?: string }): Promise<T> {
      const extra: Record<string, string> = sendOptions?.idempotencyKey ? { 'Idempotency-Key': sendOptions.idempotencyKey } : {};
      return json<T>(await request(method, path, 'application/json', body, extra));
    },
    upload(url: string, headers: Record<string, string>, file: Blob, onProgress?: (sent: number, total: number) => void): Promise<void> {
      const Xhr = options.XMLHttpRequest ?? XMLHttpRequest;
      return new Promise<void>((resolve, reject) => {
        const xhr = new Xhr();
        xhr.open('PUT', url);
        for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
        xhr.upload.onprogress = (event) => {
          if (onProgress) onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
        };
        xhr.onload = () => {
          if (xhr.status >= 200 && xhr.status < 300) {
            onProgress?.(file.size, file.size);
            resolve();
          } else {
            reject(new ApiError(parseProblem(xhr.status, typeof xhr.responseText === 'string' ? xhr.responseText : '')));
          }
        };
        xhr.onerror = () => reject(new ApiError(NETWORK_PROBLEM));
        xhr.onabort = () =>
          reject(new ApiError({ ...NETWORK_PROBLEM, title: 'The upload was stopped', detail: 'The upload was stopped before it finished; try again.' }));
        xhr.send(file);
      });
    },
  };
}

export const ApiContext = createContext<Api | null>(null);

/** The signed-in user's API client (the App provides it once someone has signed in). */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi is used outside the signed-in app');
  return api;
}
