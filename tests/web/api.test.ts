// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ApiError, createApi, parseProblem } from '../../web/src/api.js';

type Call = { url: string; init: RequestInit };

function fakeFetch(answer: (call: Call) => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return answer(call);
  }) as typeof fetch;
  return { fetch: doFetch, calls };
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('api client', () => {
  it('sends the bearer token and answers the parsed JSON', async () => {
    const { fetch, calls } = fakeFetch(
      () => new Response(JSON.stringify({ items: [{ clientId: 'jordan' }] }), { headers: { 'content-type': 'application/json' } }),
    );
    const api = createApi({ base: 'https://api.example.test', token: () => 'tok-1', fetch });
    const page = await api.get<{ items: { clientId: string }[] }>('/clients?limit=1');
    expect(page.items[0]?.clientId).toBe('jordan');
    expect(calls[0]?.url).toBe('https://api.example.test/clients?limit=1');
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer tok-1');
    expect(calls[0]?.init.credentials).toBe('omit');
  });

  it('sends a JSON body with its Idempotency-Key and reads a 204 as undefined', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const api = createApi({ base: '', token: () => 't', fetch });
    await expect(api.send('POST', '/sessions', { clientId: 'jordan' }, { idempotencyKey: 'k-1' })).resolves.toBeUndefined();
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['Idempotency-Key']).toBe('k-1');
    expect(headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"clientId":"jordan"}');
    expect(calls[0]?.init.method).toBe('POST');
  });

  it('turns an application/problem+json answer into an ApiError carrying the problem and its field errors', async () => {
    const problem = {
      type: 'https://attune.dev/problems/invalid-request',
      title: 'Invalid request',
      status: 400,
      detail: 'consent.obtained must be true',
      instance: 'req-123',
      errors: [{ pointer: '/consent/obtained', detail: 'must be true' }, { pointer: '/date' }],
    };
    const { fetch } = fakeFetch(() => new Response(JSON.stringify(problem), { status: 400, headers: { 'content-type': 'application/problem+json' } }));
    const error = await caught(createApi({ base: '', token: () => 't', fetch }).send('POST', '/sessions', {}));
    expect(error.status).toBe(400);
    expect(error.message).toBe('consent.obtained must be true');
    expect(error.problem).toEqual(problem);
  });

  it("keeps a 409's Retry-After seconds, and none when the answer names none", async () => {
    const problem = { type: 'https://attune.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'Still processing.' };
    const answer = (headers: Record<string, string>) => () =>
      new Response(JSON.stringify(problem), { status: 409, headers: { 'content-type': 'application/problem+json', ...headers } });
    const waiting = await caught(
      createApi({ base: '', token: () => 't', fetch: fakeFetch(answer({ 'retry-after': '12' })).fetch }).send('DELETE', '/sessions/s1'),
    );
    expect(waiting.retryAfter).toBe(12);
    const plain = await caught(createApi({ base: '', token: () => 't', fetch: fakeFetch(answer({})).fetch }).send('DELETE', '/sessions/s1'));
    expect(plain.retryAfter).toBeUndefined();
  });

  it('gives a readable problem for an error body that is not JSON', async () => {
    const { fetch } = fakeFetch(() => new Response('<html><body>Bad gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await caught(createApi({ base: '', token: () => 't', fetch }).get('/clients'));
    expect(error.status).toBe(502);
    expect(error.problem.detail).toBe('The server answered 502; try again.');
    expect(error.message).toBe('The server answered 502; try again.');
  });

  it("keeps a gateway's {message} as the detail", () => {
    expect(parseProblem(403, '{"message":"Forbidden"}').detail).toBe('Forbidden');
    expect(parseProblem(429, '[]').detail).toBe('The server answered 429; try again.');
  });

  it('turns a network failure into an ApiError with status 0 and a clear detail', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await caught(createApi({ base: '', token: () => 't', fetch }).get('/clients'));
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not be reached/);
  });

  it('signs out on a 401 and still throws the problem', async () => {
    const { fetch } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({ type: 'https://attune.dev/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'the token has expired' }),
          {
            status: 401,
            headers: { 'content-type': 'application/problem+json' },
          },
        ),
    );
    const seen: number[] = [];
    const api = createApi({ base: '', token: () => 't', fetch, onUnauthorized: (error) => seen.push(error.status) });
    const error = await caught(api.get('/clients'));
    expect(error.message).toBe('the token has expired');
    expect(seen).toEqual([401]);
  });

  it('reads text representations with the Accept asked for', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('# Note', { headers: { 'content-type': 'text/markdown' } }));
    const text = await createApi({ base: '', token: () => 't', fetch }).getText('/sessions/s1/note', 'text/markdown');
    expect(text).toBe('# Note');
    expect((calls[0]!.init.headers as Record<string, string>).Accept).toMatch(/^text\/markdown/);
  });
});

describe('upload', () => {
  class FakeXhr {
    static last: FakeXhr | undefined;
    static status = 200;
    static fail = false;
    method = '';
    url = '';
    headers: Record<string, string> = {};
    status = 0;
    responseText = '';
    upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    body: unknown;
    constructor() {
      FakeXhr.last = this;
    }
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    send(body: unknown) {
      this.body = body;
      queueMicrotask(() => {
        if (FakeXhr.fail) {
          this.onerror?.();
          return;
        }
        this.upload.onprogress?.({ loaded: 2, total: 4, lengthComputable: true });
        this.status = FakeXhr.status;
        this.responseText = FakeXhr.status === 200 ? '' : '<Error><Code>AccessDenied</Code></Error>';
        this.onload?.();
      });
    }
  }

  const api = () => createApi({ base: '', token: () => 'secret', XMLHttpRequest: FakeXhr as unknown as typeof XMLHttpRequest });

  it('PUTs the file with exactly the headers given (no bearer token) and reports progress to the end', async () => {
    FakeXhr.status = 200;
    FakeXhr.fail = false;
    const progress: [number, number][] = [];
    const file = new Blob(['abcd']);
    await api().upload('https://bucket.example.test/u?sig=1', { 'Content-Type': 'audio/mpeg' }, file, (sent, total) => progress.push([sent, total]));
    expect(FakeXhr.last?.method).toBe('PUT');
    expect(FakeXhr.last?.headers).toEqual({ 'Content-Type': 'audio/mpeg' });
    expect(FakeXhr.last?.body).toBe(file);
    expect(progress).toEqual([
      [2, 4],
      [4, 4],
    ]);
  });

  it('rejects a refused upload with the status, and a network failure with status 0', async () => {
    FakeXhr.status = 403;
    const refused = await caught(api().upload('https://bucket.example.test/u', {}, new Blob(['x'])));
    expect(refused.status).toBe(403);
    expect(refused.message).toBe('The server answered 403; try again.');
    FakeXhr.fail = true;
    const lost = await caught(api().upload('https://bucket.example.test/u', {}, new Blob(['x'])));
    expect(lost.status).toBe(0);
  });
});
