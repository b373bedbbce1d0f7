/**
 * No PHI in logs (issue 7, part 4). Sessions carrying canaries (a client's name, a phrase, a phone number,
 * an email address) go through the whole local stack as `npm start` runs it: uploads that complete and
 * uploads that fail late, an inline transcript and a recording through the API, malformed Transcribe JSON,
 * requests the API refuses (canaries in body fields, path ids, query parameters, a token), the API
 * handler wrapped in its AWS middleware, webhook deliveries and erasures. Everything the process emits is
 * captured, with Powertools logging at DEBUG and metrics on, and searched for every form of every canary:
 *
 * - every write to stdout and stderr (Powertools' JSON log lines and EMF metrics, the runtime's warnings,
 *   the local API server's errors) and every console call; the server's own log lines;
 * - every event in ATTUNE_HOME/events.ndjson, and every webhook delivery (body and headers);
 * - every API answer except the two that hand a clinician their own session's content (GET a session,
 *   GET its note): problem+json `detail`s, listings, receipts, the audit trail;
 * - every session's `failure.message`;
 * - every Task state's input, output and error, as Step Functions keeps them in the execution history.
 *
 * The search is shown to work: it finds the canaries in the transcript the API hands back to the
 * clinician, and in a line logged through the Powertools logger without the allow-list, and in a metric.
 *
 * Ids are identifiers by contract (IdSchema; "your id for the client, no names"): a valid id in a path is
 * echoed in a 404 and kept in the audit trail, as it must be. The canaries put in paths here are written as
 * a name, a phrase or an address is, with spaces, dots or an @, which no id has: such text must be refused
 * without being echoed, logged or audited.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withObservability } from '../../lambdas/shared/middleware.js';
import { logger, logInfo, metrics } from '../../lambdas/shared/observability.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { startServer } from '../../local/server.js';
import type { Role } from '../../schemas/api.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { BOOT_TIMEOUT_MS, CONSENT, filesUnder, localEnv, recordedEvents, root, tempHome } from './local-stack.js';

// Before any module reads them (the logger and metrics are built at import): logs at DEBUG, metrics on, and
// an on-demand Lambda's initialization, so the metrics middleware publishes its cold-start metric as in AWS.
const savedEnv = vi.hoisted(() => {
  const settings = { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_METRICS_DISABLED: 'false', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' };
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  return saved;
});

const NAME = 'Zebulon Quartermaine';
const PHRASE = 'the lighthouse on Varrow Street';
const PHONE = '555-014-2277';
const EMAIL = 'zeb.quartermaine@varrow-mail.example';
const CANARIES = [NAME, PHRASE, PHONE, EMAIL];
/** Every form a canary may take in a line: whole, URL- and form-encoded, and each distinctive word on its own. */
const NEEDLES = [
  ...new Set(
    [
      ...CANARIES.flatMap((c) => [c, encodeURIComponent(c), encodeURIComponent(c).replace(/%20/g, '+'), c.replace(/ /g, '+')]),
      'zebulon',
      'quartermaine',
      'varrow',
      'lighthouse',
      '0142277',
      '014 2277',
    ].map((needle) => needle.toLowerCase()),
  ),
];

/** Each needle found in the text (case-insensitive), with a little of what is around it. */
function canariesIn(text: string): string[] {
  const lower = text.toLowerCase();
  return NEEDLES.flatMap((needle) => {
    const at = lower.indexOf(needle);
    return at < 0 ? [] : [`"${needle}" in …${text.slice(Math.max(0, at - 100), at + needle.length + 60)}…`];
  });
}

/** Searches each text; a finding names where the text came from (the label itself is not searched). */
function expectNoCanary(texts: (string | { where: string; text: string })[]): void {
  const found = texts.flatMap((item) => (typeof item === 'string' ? canariesIn(item) : canariesIn(item.text).map((finding) => `${item.where}: ${finding}`)));
  expect(found).toEqual([]);
}

const TENANT = 'local';
const CLIENT = 'canary-client';
const API_CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
/** The client says every canary. */
const SPOKEN = GOOD.replace('my brother', `my brother ${NAME}, who lives by ${PHRASE}`).replace(
  'call him this weekend',
  `call him this weekend on ${PHONE} or write to ${EMAIL}`,
);
/** …and is named by the speaker labels. */
const NAMED_SPEAKERS = SPOKEN.replace(/^Therapist:/gm, 'Dr Ames:').replace(/^Client:/gm, `${NAME}:`);
const NO_LABELS = `${NAME} came in late. We talked about ${PHRASE}.\nCall ${PHONE} or write to ${EMAIL}.\n`;
/** Amazon Transcribe output broken in three ways, canaries in each. */
const MALFORMED_TRANSCRIBE = {
  'items-not-words': JSON.stringify({ results: { transcripts: [{ transcript: NO_LABELS }], items: `${NAME} ${PHRASE}` } }),
  'not-json': `{"results": {"transcripts": [{"transcript": "${NAME} at ${PHRASE}"}], "items": [${EMAIL}]}}`,
  'bad-speaker': JSON.stringify({
    results: {
      transcripts: [{ transcript: NAME }],
      speaker_labels: { segments: [{ speaker_label: NAME, items: [{ speaker_label: EMAIL, start_time: PHRASE }] }] },
      items: [{ type: 'pronunciation', alternatives: [{ content: PHONE }], speaker_label: NAME }],
    },
  }),
};

type Started = Awaited<ReturnType<typeof startServer>>;
let started: Started;
let base: string;
const home = tempHome();
const tokens: Record<string, string> = {};

/** What the process wrote, by channel (stdout, stderr, console.<method>, server log). */
const emitted: { channel: string; text: string }[] = [];
const restoreOutput: (() => void)[] = [];
/** Every API exchange; `content` marks the answers that hand a clinician their session's content. */
const exchanges: { what: string; status: number; text: string; content: boolean }[] = [];
/** Each Task state's input and output or error: what Step Functions keeps in the execution history. */
const taskCalls: { state: string; record: string }[] = [];
const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
const sessionIds = new Set<string>();
/** Each finished session's `failure`, as stored (and served in listings) before the erasure. */
const failures: string[] = [];
let receiver: Server;
/** How much of `emitted` the pipeline produced, before the capture's own controls. */
let pipelineEmitted = 0;
let clinicianTranscript = '';

function captureOutput(): void {
  for (const channel of ['stdout', 'stderr'] as const) {
    const stream = process[channel];
    const original = stream.write;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      emitted.push({ channel, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
      (rest.find((arg) => typeof arg === 'function') as (() => void) | undefined)?.();
      return true;
    }) as typeof stream.write;
    restoreOutput.push(() => (stream.write = original));
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      emitted.push({ channel: `console.${method}`, text: args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' ') });
    });
    restoreOutput.push(() => spy.mockRestore());
  }
}

function token(user: string, roles: Role[]): string {
  return issueToken({ tenant: TENANT, user, roles, expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
}

async function call(
  who: string | null,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; content?: boolean } = {},
): Promise<{ status: number; text: string; json: any }> {
  const { body } = options;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(who ? { authorization: `Bearer ${tokens[who] ?? who}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  exchanges.push({ what: `${method} ${path} → ${response.status}`, status: response.status, text, content: options.content === true });
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

async function settled(sessionId: string): Promise<SessionRecord> {
  sessionIds.add(sessionId);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const record = await started.runtime.sessions.get({ tenantId: TENANT, sessionId });
    if (record && (record.status === 'COMPLETED' || record.status === 'FAILED')) {
      if (record.failure) failures.push(`${sessionId}: ${JSON.stringify(record.failure)}`);
      return record;
    }
    if (Date.now() > deadline) throw new Error(`session ${sessionId} did not finish (${record?.status ?? 'no record'})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An uploader's PUT to the uploads bucket, as in AWS: the upload rule starts the workflow. */
async function upload(sessionId: string, body: string, extension: string, metadata: Record<string, string> = CONSENT): Promise<SessionRecord> {
  const run = await started.runtime.upload(`uploads/${TENANT}/${CLIENT}/${sessionId}.${extension}`, { body }, metadata);
  if (!run) throw new Error(`no execution started for ${sessionId}`);
  await run.outcome;
  return settled(sessionId);
}

beforeAll(async () => {
  captureOutput();
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body });
      // The bus's forwarding of failures is refused, so the runtime warns (onWarning): one more channel to search.
      response.writeHead(request.url === '/bus' && body.includes('attune.session.failed') ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  started = await startServer(
    // The bus forwards every event to ATTUNE_WEBHOOK_URL too: both ways out are captured.
    localEnv(home.dir, { PORT: '0', ATTUNE_ALLOW_LOOPBACK_WEBHOOKS: '1', ATTUNE_WEBHOOK_URL: `${hook}/bus`, ATTUNE_RATE_LIMIT: '1000,1000' }),
    (line) => emitted.push({ channel: 'server log', text: line }),
  );
  base = `http://127.0.0.1:${started.port}`;
  tokens.clinician = token('demo', ['clinician']);
  tokens.admin = token('boss', ['admin']);
  // Every Task state from now on runs through this record of its input and answer (the execution history).
  const { tasks } = started.runtime.handlers;
  for (const [state, handler] of Object.entries(tasks)) {
    tasks[state] = async (input) => {
      try {
        const output = await handler(input);
        taskCalls.push({ state, record: JSON.stringify({ input, output }) });
        return output;
      } catch (error) {
        taskCalls.push({ state, record: JSON.stringify({ input, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }) });
        throw error;
      }
    };
  }
  // The canary client is the clinician's from the start, as an admin's assignment makes it: its direct
  // uploads below assign nobody, and a clinician may not take a client by posting a session for it.
  await started.runtime.clients.assign({ tenantId: TENANT, clientId: CLIENT, clinicianId: 'demo', createdAt: new Date().toISOString() });
  const webhook = await call('admin', 'POST', '/webhooks', { body: { url: `${hook}/webhook`, secret: 'whsec-0123456789abcdef0123456789abcdef' } });
  expect(webhook.status, webhook.text).toBe(201);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  for (const restore of restoreOutput.reverse()) restore();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  home.cleanup();
});

describe('canary sessions through the whole local pipeline', () => {
  it('completes an uploaded transcript whose client says every canary', async () => {
    const record = await upload('up-complete', SPOKEN, 'txt');
    expect(record.status).toBe('COMPLETED');
  });

  it('fails late, with a reason, a transcript with no speaker labels and malformed Transcribe output', async () => {
    const unlabelled = await upload('up-no-labels', NO_LABELS, 'txt');
    expect(unlabelled.failure?.code).toBe('invalid_transcript');
    for (const [sessionId, body] of Object.entries(MALFORMED_TRANSCRIBE)) {
      const record = await upload(sessionId, body, 'json');
      expect(record.status, sessionId).toBe('FAILED');
      expect(record.failure?.code, sessionId).toBe('invalid_transcript');
    }
  });

  it('fails an upload whose consent and date metadata hold canaries', async () => {
    const record = await upload('up-bad-metadata', SPOKEN, 'txt', {
      'consent-obtained': 'true',
      'consent-method': NAME,
      'consent-obtained-at': PHRASE,
      'session-date': EMAIL,
    });
    expect(record.status).toBe('FAILED');
  });

  it('completes an inline transcript sent to the API, whose speaker labels name the client, and hands the clinician the canaries back', async () => {
    const created = await call('clinician', 'POST', '/sessions', {
      body: { clientId: CLIENT, sessionDate: '2026-10-01', consent: API_CONSENT, transcript: { format: 'text', content: NAMED_SPEAKERS } },
      headers: { 'idempotency-key': `canary-${randomUUID()}` },
    });
    expect(created.status, created.text).toBe(202);
    const record = await settled(created.json.sessionId);
    expect(record.status).toBe('COMPLETED');

    const read = await call('clinician', 'GET', `/sessions/${record.sessionId}?include=transcript`, { content: true });
    expect(read.status).toBe(200);
    clinicianTranscript = read.text;
    const note = await call('clinician', 'GET', `/sessions/${record.sessionId}/note?format=dap`, { content: true });
    expect(note.status).toBe(200);
  });

  it('fails a recording put to its presigned URL that is not audio', async () => {
    const created = await call('clinician', 'POST', '/sessions', {
      body: { clientId: CLIENT, sessionDate: '2026-10-02', consent: API_CONSENT, media: { contentType: 'audio/wav', bytes: 256 } },
    });
    expect(created.status, created.text).toBe(201);
    const { url, headers } = created.json.upload;
    const put = await fetch(url, { method: 'PUT', headers, body: Buffer.from(`RIFF....WAVE ${NAME} ${PHRASE} ${PHONE} ${EMAIL}`.padEnd(256, '.')) });
    expect(put.status).toBe(200);
    const record = await settled(created.json.sessionId);
    expect(record.failure?.code).toBe('corrupt_audio');
  });

  it('refuses requests with canaries in body fields, path ids, query parameters and a token with a 4xx', async () => {
    const id = [...sessionIds][0]!;
    const e = encodeURIComponent;
    const refused = [
      await call('clinician', 'POST', '/sessions', {
        body: {
          clientId: NAME,
          sessionDate: PHRASE,
          consent: { obtained: true, method: EMAIL, obtainedAt: PHONE },
          transcript: { format: NAME, content: PHRASE },
        },
      }),
      await call('clinician', 'POST', '/sessions', {
        body: { clientId: CLIENT, sessionDate: '2026-10-01', consent: API_CONSENT, media: { contentType: NAME, bytes: 10 } },
      }),
      await call('clinician', 'POST', '/sessions', {
        body: { clientId: CLIENT, sessionDate: '2026-10-01', consent: API_CONSENT, transcript: { format: 'text', content: NO_LABELS } },
      }),
      ...(await Promise.all(
        Object.values(MALFORMED_TRANSCRIBE).map((content) =>
          call('clinician', 'POST', '/sessions', {
            body: { clientId: CLIENT, sessionDate: '2026-10-01', consent: API_CONSENT, transcript: { format: 'transcribe-json', content } },
          }),
        ),
      )),
      await call('clinician', 'POST', '/sessions', { body: `{"clientId": "${NAME}", "note": "${PHRASE}"`, headers: { 'content-type': 'application/json' } }),
      await call('clinician', 'POST', '/sessions', { body: { clientId: CLIENT }, headers: { 'content-type': `text/plain; name="${NAME}"` } }),
      await call('clinician', 'GET', `/sessions/${e(NAME)}`),
      await call('clinician', 'GET', `/sessions/${e(EMAIL)}`),
      await call('clinician', 'DELETE', `/sessions/${e(PHRASE)}`),
      await call('clinician', 'GET', `/clients/${e(NAME)}/sessions`),
      await call('clinician', 'GET', `/clients/${e(EMAIL)}/alliance`),
      await call('clinician', 'POST', `/sessions/${e(NAME)}/note/sign`, { body: { version: 1 } }),
      await call('admin', 'DELETE', `/clients/${e(PHRASE)}`),
      await call('admin', 'DELETE', `/webhooks/${e(NAME)}`),
      await call('clinician', 'GET', `/clients/${CLIENT}/sessions?limit=${e(NAME)}`),
      await call('clinician', 'GET', `/clients/${CLIENT}/sessions?cursor=${e(PHRASE)}`),
      await call('clinician', 'GET', `/clients/${CLIENT}/sessions?client=${e(NAME)}`),
      await call('clinician', 'GET', `/sessions/${id}?include=${e(EMAIL)}`),
      await call('clinician', 'GET', `/sessions/${id}/note?format=${e(NAME)}&version=${e(PHONE)}`),
      await call('admin', 'GET', `/audit?from=${e(NAME)}&to=${e(PHRASE)}`),
      await call('clinician', 'PUT', `/sessions/${id}/note`, { body: { sections: [{ name: 'Subjective', sentences: [{ text: PHRASE }] }], note: NAME } }),
      await call('clinician', 'POST', `/sessions/${id}/note/sign`, { body: { version: 1, attestation: `${NAME} `.repeat(40) } }),
      await call('admin', 'POST', '/webhooks', { body: { url: `https://${e(NAME)}.example/${e(PHRASE)}`, secret: EMAIL } }),
      await call(`${NAME}.${EMAIL}.x`, 'GET', `/sessions/${id}`),
    ];
    expect(refused.map((r) => r.status).filter((status) => status < 400 || status >= 500)).toEqual([]);
  });

  it('serves a canary request through the API handler wrapped in its AWS middleware (Powertools logger, metrics, tracer)', async () => {
    const wrapped = withObservability(started.runtime.handlers.api);
    const event = {
      resource: '/sessions',
      path: '/sessions',
      httpMethod: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-name': NAME },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: JSON.stringify({ clientId: CLIENT, sessionDate: '2026-10-03', consent: API_CONSENT, transcript: { format: 'text', content: NAMED_SPEAKERS } }),
      isBase64Encoded: false,
      requestContext: {
        requestId: randomUUID(),
        authorizer: { claims: { sub: 'demo', 'custom:tenant': TENANT, 'cognito:groups': 'clinician' } },
        identity: { sourceIp: '127.0.0.1' },
      },
    } as unknown as APIGatewayProxyEvent;
    const context = {
      functionName: 'attune-api',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:attune-api',
      memoryLimitInMB: '512',
      awsRequestId: randomUUID(),
      logGroupName: '/aws/lambda/attune-api',
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 30_000,
    } as unknown as Context;

    const response = await wrapped(event, context);

    expect(response.statusCode, response.body).toBe(202);
    exchanges.push({ what: 'wrapped POST /sessions', status: response.statusCode, text: response.body, content: false });
    expect((await settled(JSON.parse(response.body).sessionId)).status).toBe('COMPLETED');
  });

  it('erases a session and a client, answering receipts', async () => {
    const listing = await call('clinician', 'GET', `/clients/${CLIENT}/sessions?limit=100`);
    expect(listing.json.items.length).toBe(sessionIds.size);
    const last = [...sessionIds].at(-1)!;
    const one = await call('clinician', 'DELETE', `/sessions/${last}`);
    expect(one.status, one.text).toBe(200);
    const all = await call('clinician', 'DELETE', `/clients/${CLIENT}`);
    expect(all.status, all.text).toBe(200);
    expect(all.json.sessionIds).toHaveLength(sessionIds.size - 1);

    // Every session's webhook delivery has been made, and the bus has written every event.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && ![...sessionIds].every((s) => deliveries.some((d) => d.body.includes(s)))) await new Promise((r) => setTimeout(r, 100));
    await started.runtime.bus.flush();
    // Whatever a handler stored as a metric is published, as the middleware does at the end of an invocation.
    metrics.publishStoredMetrics();
    pipelineEmitted = emitted.length;
  });
});

describe('no canary reaches', () => {
  it('any line written to stdout or stderr, any console call or server log line: Powertools logs and EMF metrics included', () => {
    const lines = emitted.slice(0, pipelineEmitted);
    // The capture saw the pipeline: handlers' log lines, a failure, the middleware's cold-start metric.
    const text = lines.map((line) => line.text).join('');
    expect(text).toContain('"message":"transcript normalized"');
    expect(text).toContain('"message":"session failed"');
    expect(text).toContain('"ColdStart"');
    expect(text).toContain('attune: the webhook answered 500 to the attune.session.failed event');
    expectNoCanary(lines.map((line) => ({ where: line.channel, text: line.text })));
  });

  it('any event on the bus, nor any webhook delivery', () => {
    const events = recordedEvents(home.dir);
    expect(events.filter((e) => sessionIds.has(String(e.detail.sessionId))).length).toBeGreaterThanOrEqual(sessionIds.size);
    expect(deliveries.some((d) => d.headers['attune-signature'] !== undefined)).toBe(true);
    expect(deliveries.some((d) => d.body.includes('session.failed'))).toBe(true);
    expectNoCanary([readFileSync(join(home.dir, 'events.ndjson'), 'utf8'), ...deliveries.map((d) => `${JSON.stringify(d.headers)}\n${d.body}`)]);
  });

  it("any API answer but the clinician's own session content: problem details, listings, receipts", () => {
    expect(exchanges.filter((x) => x.status >= 400).length).toBeGreaterThanOrEqual(20);
    expectNoCanary(exchanges.filter((x) => !x.content).map((x) => ({ where: x.what, text: x.text })));
  });

  it("any session's failure message", () => {
    // Six failed: the unlabelled transcript, three malformed Transcribe outputs, the bad metadata, the bad recording.
    expect(failures.length).toBe(6);
    expectNoCanary(failures);
  });

  it('the audit trail', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const audit = await call('admin', 'GET', `/audit?from=${today}&to=${today}&limit=100`);
    expect(audit.status).toBe(200);
    expect(audit.json.items.some((entry: { action: string }) => entry.action === 'client.erase')).toBe(true);
    expectNoCanary([audit.text]);
  });

  it("the execution history: any Task state's input, output or error", () => {
    const states = new Set(taskCalls.map((call) => call.state));
    expect([...states]).toEqual(expect.arrayContaining(['ValidateUpload', 'NormalizeTranscript', 'MarkFailed', 'PersistResults']));
    expectNoCanary(taskCalls.map((call) => ({ where: call.state, text: call.record })));
  });
});

describe('the search finds a canary where one is', () => {
  it('in the transcript the API hands the clinician', () => {
    const found = canariesIn(clinicianTranscript);
    for (const canary of CANARIES)
      expect(
        found.some((f) => f.startsWith(`"${canary.toLowerCase()}"`)),
        canary,
      ).toBe(true);
  });

  it('in a line logged through the Powertools logger without the allow-list, and in a metric, but not through logInfo', () => {
    const before = emitted.length;

    logger.info('capture control', { note: NAME });
    metrics.addDimension('control', EMAIL);
    metrics.addMetric('CaptureControl', 'Count', 1);
    metrics.publishStoredMetrics();
    logInfo('allow-list control', { note: PHRASE, sessionId: 'control' });

    const lines = emitted.slice(before).map((line) => line.text);
    expect(canariesIn(lines.find((line) => line.includes('capture control')) ?? '')).not.toEqual([]);
    expect(canariesIn(lines.find((line) => line.includes('CaptureControl')) ?? '')).not.toEqual([]);
    const allowListed = lines.find((line) => line.includes('allow-list control'));
    expect(allowListed).toContain('"sessionId":"control"');
    expect(canariesIn(allowListed!)).toEqual([]);
  });
});

describe('after the erasure', () => {
  it('no file under ATTUNE_HOME holds a canary', () => {
    const files = filesUnder(home.dir).filter((file) => canariesIn(readFileSync(join(home.dir, file), 'latin1')).length > 0);
    expect(files).toEqual([]);
  });
});
