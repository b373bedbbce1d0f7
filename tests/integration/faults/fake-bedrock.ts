/**
 * A stand-in for the Amazon Bedrock Runtime Converse API on a loopback port, so the fault tests run the
 * REAL BedrockLanguageModel and SDK client (request signing, error deserialisation, the adapter's error
 * mapping) against a service that misbehaves on cue: throttles (HTTP 429 ThrottlingException), denies
 * access (HTTP 403), answers text that is not the JSON asked for, or is not there at all (the port
 * refuses connections). A good answer is built from the transcript the request carries, citing its
 * real turn ids and quoting its real words, as a well-behaved model would.
 */
import { createServer, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BedrockLanguageModel } from '../../../lambdas/adapters/bedrock/bedrock-language-model.js';
import { unescapeData } from '../../../lambdas/core/model/transcript-data.js';

export type ModelTask = 'note' | 'alliance';

/** What the stand-in does with one Converse call. */
export type BedrockReply = 'answer' | 'throttle' | 'deny' | 'malformed';

/** Replies per task, in call order; the last one repeats. */
export type BedrockScript = Record<ModelTask, BedrockReply[]>;

interface ConverseBody {
  system?: { text?: string }[];
  messages?: { role: string; content?: { text?: string }[] }[];
}

interface SpokenTurn {
  id: string;
  role: string;
  text: string;
}

const DIMENSIONS = ['therapeuticFramework', 'sessionManagement', 'therapeuticRelationship', 'therapeuticProcess', 'collaborativeProgress'];

/** The alliance task's system prompt opens with this; anything else is the note task. */
const taskOf = (body: ConverseBody): ModelTask =>
  (body.system ?? []).some((block) => block.text?.includes('Task: rate the therapeutic alliance')) ? 'alliance' : 'note';

/** The turns of the `<transcript>` block in the first user message, unescaped. */
function turnsOf(body: ConverseBody): SpokenTurn[] {
  const data = body.messages?.[0]?.content?.map((block) => block.text ?? '').join('') ?? '';
  return [...data.matchAll(/<turn id="(t\d+)" role="(\w+)">([\s\S]*?)<\/turn>/g)].map(([, id = '', role = '', text = '']) => ({
    id,
    role,
    text: unescapeData(text),
  }));
}

/** The section names the note task asks for, in order, read from its system prompt. */
function sectionsAsked(body: ConverseBody): string[] {
  const system = (body.system ?? []).map((block) => block.text ?? '').join('');
  const line = /Sections, exactly these, with exactly these names and in this order: (.+)\./.exec(system)?.[1] ?? '';
  return [...line.matchAll(/"([^"]+)"/g)].map(([, name = '']) => name);
}

function noteAnswer(body: ConverseBody): unknown {
  const turns = turnsOf(body);
  const cite = (index: number) => [turns[Math.max(0, Math.min(index, turns.length - 1))]!.id];
  return {
    sections: sectionsAsked(body).map((name, i) => ({
      name,
      sentences: [{ text: `Client described the concerns taken up in the ${name.toLowerCase()} part of the session.`, evidence: cite(2 * i + 1) }],
    })),
    riskStatements: [],
    homework: [{ text: 'Client agreed to try the plan discussed before the next session.', evidence: cite(turns.length - 2) }],
    planForNextSession: [{ text: 'Next session will review how the plan went.', evidence: cite(turns.length - 1) }],
    allianceSummary: [{ text: 'Client and therapist worked on goals they both named.', evidence: cite(1) }],
  };
}

function allianceAnswer(body: ConverseBody): unknown {
  const turns = turnsOf(body);
  return {
    dimensions: Object.fromEntries(
      DIMENSIONS.map((dimension, i) => {
        const turn = turns[Math.min(2 * i, turns.length - 1)]!;
        const quote = turn.text.split(' ').slice(0, 4).join(' ');
        return [dimension, { score: 70, rationale: `What the therapist did at ${turn.id} shaped this dimension.`, evidence: [{ turnId: turn.id, quote }] }];
      }),
    ),
    flags: [],
  };
}

function send(response: Http2ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` } : {}),
  });
  response.end(JSON.stringify(body));
}

async function readBody(request: Http2ServerRequest): Promise<ConverseBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConverseBody;
}

export interface FakeBedrock {
  /** The replies for the calls to come; clears the record of calls. */
  script(script: BedrockScript): void;
  /** The replies given so far, per task, in order. */
  readonly replies: Record<ModelTask, BedrockReply[]>;
  /** Stops listening: connections are refused, as they are when the endpoint cannot be reached. */
  down(): Promise<void>;
  /** Listens again, on the same port. */
  up(): Promise<void>;
  /** A BedrockRuntimeClient-backed model for the runtime's `createLanguageModel` hook. */
  model(options: { modelId: string; region: string }): BedrockLanguageModel;
  close(): Promise<void>;
}

export async function startFakeBedrock(): Promise<FakeBedrock> {
  let script: BedrockScript = { note: ['answer'], alliance: ['answer'] };
  const replies: Record<ModelTask, BedrockReply[]> = { note: [], alliance: [] };

  // HTTP/2 without TLS (prior knowledge), as the Bedrock Runtime client speaks it to an http:// endpoint.
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        if (request.method !== 'POST' || !/^\/model\/[^/]+\/converse$/.test(request.url ?? '')) {
          send(response, 404, { message: 'the stand-in answers Converse only' }, 'UnknownOperationException');
          return;
        }
        const task = taskOf(body);
        const planned = script[task];
        const reply = planned[Math.min(replies[task].length, planned.length - 1)] ?? 'answer';
        replies[task].push(reply);
        if (reply === 'throttle') send(response, 429, { message: 'Too many requests, please wait before trying again.' }, 'ThrottlingException');
        else if (reply === 'deny') send(response, 403, { message: "You don't have access to the model with the specified model ID." }, 'AccessDeniedException');
        else {
          const text = reply === 'malformed' ? 'Here is the note: {"sections": [' : JSON.stringify(task === 'note' ? noteAnswer(body) : allianceAnswer(body));
          send(response, 200, {
            output: { message: { role: 'assistant', content: [{ text }] } },
            stopReason: 'end_turn',
            usage: { inputTokens: 1000, outputTokens: 400, totalTokens: 1400 },
            metrics: { latencyMs: 5 },
          });
        }
      })
      .catch((error: unknown) => send(response, 500, { message: `the stand-in failed: ${String(error)}` }, 'InternalServerException'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const session of sessions) session.destroy();
    });

  return {
    script(next) {
      script = next;
      replies.note = [];
      replies.alliance = [];
    },
    replies,
    down: stop,
    up: () => new Promise<void>((resolve) => (server.listening ? resolve() : server.listen(port, '127.0.0.1', resolve))),
    model: ({ modelId, region }) =>
      new BedrockLanguageModel({
        modelId,
        // One attempt per call, as the adapter's own client makes: the retry policy under test is ours.
        client: new BedrockRuntimeClient({ region, endpoint, maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      }),
    close: stop,
  };
}
