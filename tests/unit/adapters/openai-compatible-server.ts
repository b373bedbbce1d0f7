/**
 * Test helper: a real HTTP server on an ephemeral loopback port that speaks the OpenAI chat-completions
 * format (as Ollama, vLLM and llama-server do), replying from a script per task (note or alliance) so the
 * two parallel calls of generateWithModel stay deterministic. The last reply of a script repeats.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Task = 'note' | 'alliance';

/** What the fake server does with one request. */
export type ServerReply =
  | { content: string | null; finishReason?: string; refusal?: string }
  | { status: number; body: unknown }
  | { status: number; raw: string; headers?: Record<string, string> }
  /** Never answers: the client's timeout must end the request. */
  | { hang: true };

export interface ReceivedRequest {
  method: string;
  /** Path and query, exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    max_tokens: number;
    temperature: number;
    stream?: boolean;
    response_format?: { type: string };
  };
}

export const reply = (value: unknown, finishReason = 'stop'): ServerReply => ({ content: JSON.stringify(value, null, 2), finishReason });
export const replyText = (content: string, finishReason = 'stop'): ServerReply => ({ content, finishReason });
export const status = (code: number, body: unknown = { error: { message: 'failed', type: 'server_error' } }): ServerReply => ({ status: code, body });

export function taskOf(body: ReceivedRequest['body']): Task {
  const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
  return system.includes('Task: rate the therapeutic alliance') ? 'alliance' : 'note';
}

function completion(model: string, r: { content: string | null; finishReason?: string; refusal?: string }) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_790_000_000,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content: r.content, ...(r.refusal ? { refusal: r.refusal } : {}) }, finish_reason: r.finishReason ?? 'stop' },
    ],
    usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
  };
}

function send(res: ServerResponse, code: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  res.writeHead(code, headers);
  res.end(body);
}

export interface FakeModelServer {
  /** `http://127.0.0.1:<port>/v1`, what ATTUNE_MODEL_URL would be. */
  baseUrl: string;
  port: number;
  requests: Record<Task, ReceivedRequest[]>;
  all: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts the server; `script` may also be a function of the request (for behaviour that depends on it). */
export async function startFakeModelServer(
  script: Record<Task, ServerReply[]> | ((request: ReceivedRequest, n: number) => ServerReply),
): Promise<FakeModelServer> {
  const requests: Record<Task, ReceivedRequest[]> = { note: [], alliance: [] };
  const all: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: ReceivedRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedRequest['body'];
      } catch {
        send(res, 400, JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
        return;
      }
      const received: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      all.push(received);
      let r: ServerReply | undefined;
      if (typeof script === 'function') {
        r = script(received, all.length);
      } else {
        const task = taskOf(body);
        requests[task].push(received);
        const replies = script[task];
        r = replies[Math.min(requests[task].length, replies.length) - 1];
      }
      if (r === undefined) send(res, 500, JSON.stringify({ error: { message: 'no reply scripted' } }));
      else if ('hang' in r) return;
      else if ('raw' in r) send(res, r.status, r.raw, r.headers);
      else if ('status' in r) send(res, r.status, JSON.stringify(r.body));
      else send(res, 200, JSON.stringify(completion(body.model, r)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    all,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: a server was started there and closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
