/**
 * The partner API over real HTTP against the local runtime (`npm start`'s server in-process): the whole
 * flow a partner follows, every role and tenant boundary, pagination, erasure with its receipt (and that
 * the erased text is gone from every file under ATTUNE_HOME), webhooks with verified signatures, and a
 * check that every route is in the served OpenAPI document.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../schemas/routes.js';
import { verifyWebhook } from '../../lambdas/core/webhooks/signature.js';
import { issueToken, localSecret, tokenKeyFile } from '../../local/stand-ins/auth.js';
import { startServer } from '../../local/server.js';
import type { Role } from '../../schemas/api.js';
import { RISK_DIALOGUE } from '../unit/handlers/session-fixtures.js';
import { BOOT_TIMEOUT_MS, filesUnder, localEnv, root, tempHome } from './local-stack.js';

const CANARY = 'Quetzal-Marigold-4471';
const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-09-01' };
const GOOD = readFileSync(join(root, 'tests', 'fixtures', 'sessions', 'good-alliance.txt'), 'utf8');
/** The good-alliance session with a canary the client says twice: it must not survive an erasure anywhere on disk. */
const WITH_CANARY = GOOD.replace('my brother', `my brother ${CANARY}`).replace('call him this weekend', `call ${CANARY} this weekend`);

type Started = Awaited<ReturnType<typeof startServer>>;
let started: Started;
let base: string;
const home = tempHome();
const tokens: Record<string, string> = {};

function token(tenant: string, user: string, roles: Role[]): string {
  return issueToken({ tenant, user, roles, expiresInSeconds: 3600 }, localSecret(tokenKeyFile(started.runtime.home)));
}

async function call(who: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

async function waitForStatus(who: string, sessionId: string, done = ['COMPLETED', 'FAILED']): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await call(who, 'GET', `/sessions/${sessionId}`);
    if (r.status === 200 && done.includes(r.json.status)) return r.json;
    if (Date.now() > deadline) throw new Error(`session ${sessionId} did not finish: ${r.status} ${r.text.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function createTranscriptSession(who: string, clientId: string, content: string, sessionDate = '2026-10-01') {
  const r = await call(who, 'POST', '/sessions', { clientId, sessionDate, consent: CONSENT, transcript: { format: 'text', content } });
  expect(r.status, r.text).toBe(202);
  return r.json.sessionId as string;
}

function filesContaining(needle: string): string[] {
  return filesUnder(home.dir).filter((file) => {
    try {
      return readFileSync(join(home.dir, file)).includes(needle);
    } catch {
      return false;
    }
  });
}

beforeAll(async () => {
  started = await startServer(localEnv(home.dir, { PORT: '0', ATTUNE_ALLOW_LOOPBACK_WEBHOOKS: '1' }), () => undefined);
  base = `http://127.0.0.1:${started.port}`;
  tokens.demo = token('local', 'demo', ['clinician']);
  tokens.lee = token('local', 'dr-lee', ['clinician']);
  tokens.supervisor = token('local', 'sup', ['supervisor']);
  tokens.admin = token('local', 'boss', ['admin']);
  tokens.foreign = token('acme', 'demo', ['clinician']);
  tokens.foreignAdmin = token('acme', 'root', ['admin']);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await started?.close();
  home.cleanup();
});

describe("a partner's whole flow", () => {
  let sessionId: string;

  it('creates a session from a transcript, and it completes with a note and scores', async () => {
    sessionId = await createTranscriptSession('lee', 'client-7', GOOD, '2026-10-01');
    const session = await waitForStatus('lee', sessionId);
    expect(session.status).toBe('COMPLETED');
    expect(session.note.format).toBe('soap');
    expect(typeof session.alliance.overall.score).toBe('number');
    expect(session).not.toHaveProperty('transcriptKey');
  }, 90_000);

  it('reads the note in another format, as FHIR, and signs it', async () => {
    const dap = await call('lee', 'GET', `/sessions/${sessionId}/note?format=dap`);
    expect(dap.status).toBe(200);
    expect(dap.json.note.format).toBe('dap');
    const fhir = await call('lee', 'GET', `/sessions/${sessionId}/note?format=fhir`);
    expect(fhir.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    expect(fhir.json.resourceType).toBe('DocumentReference');
    const current = await call('lee', 'GET', `/sessions/${sessionId}/note`);
    const signed = await call('lee', 'POST', `/sessions/${sessionId}/note/sign`, { version: current.json.version, attestation: 'Reviewed' });
    expect(signed.status, signed.text).toBe(200);
    expect(signed.json.note.status).toBe('final');
    expect(signed.json.signature.signedBy).toBe('dr-lee');
    const again = await call('lee', 'POST', `/sessions/${sessionId}/note/sign`, { version: current.json.version });
    expect(again.status).toBe(409);
  });

  it("lists the client's sessions page by page, and answers the alliance across them", async () => {
    await createTranscriptSession('lee', 'client-7', GOOD, '2026-10-08');
    const third = await createTranscriptSession('lee', 'client-7', GOOD, '2026-10-15');
    await waitForStatus('lee', third);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await call('lee', 'GET', `/clients/client-7/sessions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.json.items.map((s: { sessionId: string }) => s.sessionId));
      cursor = r.json.cursor;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect(pages).toBeGreaterThanOrEqual(2);
    const tampered = await call('lee', 'GET', `/clients/client-7/sessions?limit=2&cursor=${Buffer.from('{"pk":"TENANT#acme"}').toString('base64url')}`);
    expect(tampered.status).toBe(400);
    const alliance = await call('lee', 'GET', '/clients/client-7/alliance');
    expect(alliance.status).toBe(200);
    expect(alliance.json.scoredSessions).toBeGreaterThanOrEqual(2);
    expect(alliance.json.series.sessions.length).toBe(alliance.json.scoredSessions);
  }, 90_000);

  it('takes an Idempotency-Key: a retried POST makes one session', async () => {
    const request = { clientId: 'client-8', sessionDate: '2026-10-01', consent: CONSENT, transcript: { format: 'text', content: GOOD } };
    const first = await call('lee', 'POST', '/sessions', request, { 'idempotency-key': 'retry-me-1' });
    const second = await call('lee', 'POST', '/sessions', request, { 'idempotency-key': 'retry-me-1' });
    expect(second.json.sessionId).toBe(first.json.sessionId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    await waitForStatus('lee', first.json.sessionId);
    const listing = await call('lee', 'GET', '/clients/client-8/sessions');
    expect(listing.json.items).toHaveLength(1);
  }, 60_000);

  it('gives a presigned upload; a corrupt recording put there fails with its reason and leaves no audio', async () => {
    const created = await call('lee', 'POST', '/sessions', {
      clientId: 'client-9',
      sessionDate: '2026-10-01',
      consent: CONSENT,
      media: { contentType: 'audio/wav', bytes: 48 },
    });
    expect(created.status, created.text).toBe(201);
    const { url, headers } = created.json.upload;
    const put = await fetch(url, { method: 'PUT', headers, body: Buffer.from('RIFF....WAVEnot really a recording at all.......') });
    expect(put.status).toBe(200);
    const session = await waitForStatus('lee', created.json.sessionId);
    expect(session.status).toBe('FAILED');
    expect(session.failure.code).toBe('corrupt_audio');
    expect(filesUnder(started.runtime.store.bucketDir(started.runtime.plan.names.uploadsBucket))).toEqual([]);
  }, 60_000);
});

describe('roles and tenants', () => {
  let sessionId: string;
  beforeAll(async () => {
    sessionId = await createTranscriptSession('demo', 'iso-client', GOOD);
    await waitForStatus('demo', sessionId);
  }, 60_000);

  /** Valid bodies for the plan routes, so each refusal is the route's access rule, not validation. */
  const PLAN_BODIES: Record<string, unknown> = {
    editClientPlan: { baseVersion: 0, plan: { status: 'draft', problems: [], goals: [], interventions: [], gaps: [] } },
    signClientPlan: { version: 1 },
    enterClientMeasure: { instrument: 'PHQ-9', value: 10, date: '2026-09-01', source: 'clinician' },
  };

  /** Every route with a path parameter, filled with the session or client of tenant `local`. */
  const targets = () =>
    (ROUTES as readonly { method: string; path: string; auth: unknown; operationId: string }[])
      .filter((r) => r.path.includes('{'))
      .map((r) => ({
        ...r,
        url: r.path.replace('{id}', sessionId).replace('{clientId}', 'iso-client').replace('{webhookId}', 'wh-1'),
        body:
          r.operationId === 'signNote'
            ? { version: 1 }
            : r.operationId === 'editNote'
              ? { baseVersion: 1, sections: [{ name: 'Subjective', sentences: [] }] }
              : r.operationId === 'assignClinician'
                ? { clinicianId: 'demo' }
                : PLAN_BODIES[r.operationId],
      }));

  it('answers 404 to another tenant on every route that names a session, client or webhook', async () => {
    for (const route of targets()) {
      for (const who of ['foreign', 'foreignAdmin']) {
        const r = await call(who, route.method, route.url, route.body);
        // The other tenant's admin is refused editing and signing by role (403) before anything is looked up.
        const expected =
          who === 'foreignAdmin' && ['editNote', 'signNote', 'getSupervision', 'editClientPlan', 'signClientPlan'].includes(route.operationId)
            ? 403
            : who === 'foreign' && ['deleteWebhook', 'assignClinician'].includes(route.operationId)
              ? 403
              : 404;
        expect(r.status, `${who} ${route.method} ${route.path}: ${r.text.slice(0, 200)}`).toBe(expected);
      }
    }
    // The session is untouched.
    expect((await call('demo', 'GET', `/sessions/${sessionId}`)).json.status).toBe('COMPLETED');
  });

  it('answers 404 to another clinician of the same tenant, and shows a supervisor scores but no note', async () => {
    for (const route of targets().filter((r) => !r.operationId.includes('Webhook'))) {
      const r = await call('lee', route.method, route.url, route.body);
      // Assigning a client is an admin's: refused by role before anything is looked up.
      expect(r.status, `lee ${route.method} ${route.path}`).toBe(route.operationId === 'assignClinician' ? 403 : 404);
    }
    const view = await call('supervisor', 'GET', `/sessions/${sessionId}`);
    expect(view.status).toBe(200);
    expect(view.json).not.toHaveProperty('note');
    expect((await call('supervisor', 'GET', `/sessions/${sessionId}/note`)).status).toBe(403);
    expect((await call('supervisor', 'GET', '/clients/iso-client/alliance')).status).toBe(200);
  });

  it("keeps listings to the caller's tenant", async () => {
    const clients = await call('foreignAdmin', 'GET', '/clients');
    expect(clients.json.items).toEqual([]);
    const audit = await call('foreignAdmin', 'GET', '/audit');
    expect(audit.json.items.every((e: { tenantId: string }) => e.tenantId === 'acme')).toBe(true);
  });

  it('answers 401 without a token or with a bad one', async () => {
    expect((await call(null, 'GET', `/sessions/${sessionId}`)).status).toBe(401);
    const forged = await fetch(`${base}/sessions/${sessionId}`, { headers: { authorization: `Bearer ${tokens.demo!.slice(0, -4)}AAAA` } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('writes an audit record for every read, with no content', async () => {
    const audit = await call('admin', 'GET', '/audit?limit=100');
    expect(audit.status).toBe(200);
    const reads = audit.json.items.filter((e: { sessionId?: string }) => e.sessionId === sessionId);
    expect(reads.some((e: { actor: string; action: string }) => e.actor === 'demo' && e.action === 'session.read')).toBe(true);
    expect(reads.some((e: { actor: string; status: number }) => e.actor === 'dr-lee' && e.status === 404)).toBe(true);
    expect(audit.text).not.toMatch(/brother/);
  });
});

describe('whose client a session is for', () => {
  it("does not let a clinician take an admin's client by posting a session; an admin assigns it, then the assignee posts and reads", async () => {
    const byAdmin = await createTranscriptSession('admin', 'intake-7', GOOD);
    await waitForStatus('admin', byAdmin);

    const claim = await call('lee', 'POST', '/sessions', {
      clientId: 'intake-7',
      sessionDate: '2026-10-02',
      consent: CONSENT,
      transcript: { format: 'text', content: GOOD },
    });
    expect(claim.status, claim.text).toBe(403);
    expect(claim.json.detail).toContain('not assigned to you');
    expect((await call('lee', 'GET', '/clients/intake-7/sessions')).status).toBe(404);
    expect((await call('lee', 'GET', `/sessions/${byAdmin}/note`)).status).toBe(404);
    expect((await call('lee', 'DELETE', '/clients/intake-7')).status).toBe(404);
    expect((await call('admin', 'GET', `/sessions/${byAdmin}`)).status).toBe(200);

    const assigned = await call('admin', 'PUT', '/clients/intake-7/clinician', { clinicianId: 'dr-lee' });
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.json).toMatchObject({ clientId: 'intake-7', clinicianId: 'dr-lee', previousClinicianId: null });
    const next = await createTranscriptSession('lee', 'intake-7', GOOD, '2026-10-08');
    expect((await call('lee', 'GET', '/clients/intake-7/sessions')).json.items.map((s: { sessionId: string }) => s.sessionId).sort()).toEqual(
      [byAdmin, next].sort(),
    );
    expect((await call('lee', 'GET', `/sessions/${byAdmin}/note`)).status).toBe(200);
    expect(
      (
        await call('demo', 'POST', '/sessions', {
          clientId: 'intake-7',
          sessionDate: '2026-10-02',
          consent: CONSENT,
          transcript: { format: 'text', content: GOOD },
        })
      ).status,
    ).toBe(403);
  }, 90_000);
});

describe('risk and the review queue', () => {
  const RISKY = RISK_DIALOGUE.join('\n');
  const DISCLOSURES = RISK_DIALOGUE.filter((line) => /wake up|cut my arm/.test(line)).map((line) => line.replace(/^Client: /, ''));
  const queued = async (who: string) => {
    const r = await call(who, 'GET', '/sessions?reviewRequired=true&limit=100');
    expect(r.status, r.text).toBe(200);
    return r;
  };
  let sessionId: string;

  beforeAll(async () => {
    sessionId = await createTranscriptSession('lee', 'risk-client', RISKY, '2026-10-02');
    await waitForStatus('lee', sessionId);
  }, 90_000);

  it("stores the session's risk: the clinician reads it with the client's words, a supervisor without any", async () => {
    const mine = await call('lee', 'GET', `/sessions/${sessionId}`);
    expect(mine.json.risk.summary).toMatchObject({ reviewRequired: true, categories: expect.arrayContaining(['passive_ideation', 'self_injury']) });
    for (const words of DISCLOSURES) expect(mine.text).toContain(words);

    const supervised = await call('supervisor', 'GET', `/sessions/${sessionId}`);
    expect(supervised.status).toBe(200);
    expect(supervised.json.risk.summary).toEqual(mine.json.risk.summary);
    expect(supervised.json.risk.episodes).toEqual(mine.json.risk.episodes);
    for (const words of DISCLOSURES) expect(supervised.text).not.toContain(words);
    expect(supervised.text).not.toMatch(/"quote"/);
  });

  it("lists it in the review queue of its clinician and the supervisor, not another clinician's; signing takes it out", async () => {
    const inQueue = (r: { json: any }) => r.json.items.some((item: { sessionId: string }) => item.sessionId === sessionId);
    expect(inQueue(await queued('lee'))).toBe(true);
    const supervisor = await queued('supervisor');
    expect(inQueue(supervisor)).toBe(true);
    for (const words of DISCLOSURES) expect(supervisor.text).not.toContain(words);
    expect(inQueue(await queued('demo'))).toBe(false);
    expect(inQueue(await queued('foreignAdmin'))).toBe(false);
    const clients = await call('lee', 'GET', '/clients');
    expect(clients.json.items.find((c: { clientId: string }) => c.clientId === 'risk-client').risk).toMatchObject({ awaitingReview: 1, latest: { sessionId } });

    const unacknowledged = await call('lee', 'POST', `/sessions/${sessionId}/note/sign`, { version: 1 });
    expect(unacknowledged.status).toBe(409);
    const signed = await call('lee', 'POST', `/sessions/${sessionId}/note/sign`, { version: 1, acknowledgeRisk: true });
    expect(signed.status, signed.text).toBe(200);
    expect(inQueue(await queued('lee'))).toBe(false);
    expect(inQueue(await queued('supervisor'))).toBe(false);
  });
});

describe('errors', () => {
  it('answers problem+json naming the field, 415 for a body that is not JSON, 413 for a declared 3 GB recording', async () => {
    const invalid = await call('demo', 'POST', '/sessions', { clientId: 'c', sessionDate: 'yesterday', consent: { obtained: true } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(invalid.json.type).toBe('https://attune.dev/problems/invalid-request');
    expect(invalid.json.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/sessionDate', '/consent/method']));
    const form = await fetch(`${base}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.demo}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(form.status).toBe(415);
    const huge = await call('demo', 'POST', '/sessions', {
      clientId: 'c',
      sessionDate: '2026-10-01',
      consent: CONSENT,
      media: { contentType: 'audio/wav', bytes: 3 * 1024 ** 3 },
    });
    expect(huge.status).toBe(413);
  });
});

describe('webhooks', () => {
  let receiver: Server;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const secret = 'whsec-0123456789abcdef0123456789abcdef';

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('POSTs completed events signed with HMAC-SHA256, carrying ids and scores only', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const created = await call('admin', 'POST', '/webhooks', { url, secret });
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain(secret);
    const sessionId = await createTranscriptSession('demo', 'hook-client', GOOD);
    await waitForStatus('demo', sessionId);
    const deadline = Date.now() + 10_000;
    while (!received.some((r) => r.body.includes(sessionId)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const delivery = received.find((r) => r.body.includes(sessionId));
    expect(delivery).toBeDefined();
    const verdict = verifyWebhook(secret, String(delivery!.headers['attune-signature']), delivery!.body, Math.floor(Date.now() / 1000));
    expect(verdict.ok).toBe(true);
    const event = JSON.parse(delivery!.body);
    expect(event.type).toBe('session.completed');
    expect(event.data).toMatchObject({ tenantId: 'local', clientId: 'hook-client', sessionId, status: 'COMPLETED' });
    expect(delivery!.body).not.toMatch(/brother|family/);
    // Another tenant's sessions never reach this tenant's webhook.
    const foreign = await createTranscriptSession('foreign', 'hook-client', GOOD);
    await waitForStatus('foreign', foreign);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.some((r) => r.body.includes(foreign))).toBe(false);
  }, 60_000);
});

describe('erasure', () => {
  it('erases a session: a receipt lists what went, a later GET is 404, and the text is in no file under ATTUNE_HOME', async () => {
    const sessionId = await createTranscriptSession('demo', 'erase-me', WITH_CANARY);
    await waitForStatus('demo', sessionId);
    expect(filesContaining(CANARY).length).toBeGreaterThan(0);
    const receipt = await call('demo', 'DELETE', `/sessions/${sessionId}`);
    expect(receipt.status, receipt.text).toBe(200);
    expect(receipt.json).toMatchObject({ scope: 'session', clientId: 'erase-me', sessionIds: [sessionId], requestedBy: 'demo' });
    expect(receipt.json.removed.sessionRecords).toBe(1);
    expect(receipt.json.removed.artifacts.map((a: { key: string }) => a.key)).toEqual(expect.arrayContaining([`transcripts/local/erase-me/${sessionId}.json`]));
    expect((await call('demo', 'GET', `/sessions/${sessionId}`)).status).toBe(404);
    expect(filesContaining(CANARY)).toEqual([]);
  }, 90_000);

  it('erases a client with every session, in one receipt', async () => {
    const a = await createTranscriptSession('demo', 'leaving', GOOD, '2026-10-01');
    const b = await createTranscriptSession('demo', 'leaving', GOOD, '2026-10-08');
    await waitForStatus('demo', a);
    await waitForStatus('demo', b);
    const receipt = await call('demo', 'DELETE', '/clients/leaving');
    expect(receipt.status, receipt.text).toBe(200);
    expect([...receipt.json.sessionIds].sort()).toEqual([a, b].sort());
    expect((await call('demo', 'GET', '/clients/leaving/sessions')).status).toBe(404);
    expect((await call('demo', 'GET', `/sessions/${a}`)).status).toBe(404);
  }, 90_000);
});

describe('the OpenAPI document', () => {
  it('is served without a token and describes every route', async () => {
    const r = await call(null, 'GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toMatch(/^3\.1\./);
    for (const route of ROUTES) expect(r.json.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
  });
});
