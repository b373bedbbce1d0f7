import './handler-env.js';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeliverWebhooksHandler, WebhookDeliveryError } from '../../../lambdas/deliver-webhooks/handler.js';
import { verifyWebhook, type VerifyResult } from '../../../lambdas/core/webhooks/signature.js';
import type { WebhookRegistry, WebhookSubscription } from '../../../lambdas/ports/webhook-registry.js';
import type { BusEvent } from '../../../local/stand-ins/event-bus.js';
import { attachWebhookDelivery } from '../../../local/runtime/webhooks.js';

const NOW = new Date('2026-10-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const CANARY = 'Zanzibarquokka';
const TOKEN = 'receiver-token-9f2';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: VerifyResult;
}

/** A partner's receiver: verifies each POST with its webhook's secret, as the README tells partners to. */
let receiver: Server;
let base: string;
let received: Received[] = [];
/** The secret each path's webhook was registered with. */
const secrets = new Map<string, string>();

/** A port nothing listens on. */
let closedPort: number;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = (request.url ?? '').split('?')[0]!;
      const secret = secrets.get(path) ?? '';
      const header = request.headers['attune-signature'];
      received.push({
        path,
        headers: request.headers,
        body: raw.toString('utf8'),
        verified: verifyWebhook(secret, typeof header === 'string' ? header : undefined, raw, NOW_SECONDS),
      });
      if (path.startsWith('/ok')) return void response.writeHead(204).end();
      if (path === '/fail') return void response.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
      if (path === '/redirect') return void response.writeHead(302, { location: `${base}/ok-redirected` }).end();
      if (path === '/slow') return void setTimeout(() => response.writeHead(204).end(), 1500);
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

class ListOnlyRegistry implements WebhookRegistry {
  constructor(readonly items: WebhookSubscription[]) {}
  lists = 0;
  async add() {
    throw new Error('not used');
  }
  async list(tenantId: string) {
    this.lists++;
    return this.items.filter((w) => w.tenantId === tenantId);
  }
  async remove() {
    return false;
  }
}

let counter = 0;
function webhook(path: string, overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
  const secret = `whsec_${String(++counter).padStart(4, '0')}_0123456789abcdef0123456789`;
  secrets.set(path.split('?')[0]!, secret);
  return {
    tenantId: 'acme',
    webhookId: `wh-${path.replace(/\W/g, '') || 'root'}`,
    url: `${base}${path}`,
    secret,
    events: ['session.completed', 'session.failed'],
    createdAt: NOW.toISOString(),
    createdBy: 'admin-1',
    ...overrides,
  };
}

function busEvent(detailType: string, detail: unknown, id = 'evt-0001'): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: 'attune',
    account: '000000000000',
    time: '2026-10-01T11:59:58Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

const completed = {
  tenantId: 'acme',
  clientId: 'c-17',
  sessionId: 's-0042',
  status: 'COMPLETED',
  overall: 71,
  dimensions: { therapeuticRelationship: 78, collaborativeProgress: null },
  reviewRequired: true,
  riskCategories: ['passive_ideation', 'self_injury'],
};
const failed = { tenantId: 'acme', clientId: 'c-17', sessionId: 's-0043', status: 'FAILED', failureCode: 'transcription_failed' };

function handlerFor(items: WebhookSubscription[], options: { timeoutMs?: number } = {}) {
  const registry = new ListOnlyRegistry(items);
  // The receiver is on this machine: the local development opt-in (deliver-webhooks-ssrf.test.ts has the rule without it).
  return { registry, deliver: createDeliverWebhooksHandler({ webhooks: registry, now: () => NOW, allowLoopback: true, ...options }) };
}

beforeEach(() => {
  received = [];
});

describe('DeliverWebhooks: what a receiver gets', () => {
  it('POSTs a completed event once, signed over the exact body, with the event id, type and user agent', async () => {
    const { deliver } = handlerFor([webhook('/ok')]);

    const outcome = await deliver(busEvent('attune.session.completed', completed));

    expect(outcome).toEqual({ delivered: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.verified).toEqual({ ok: true });
    expect(delivery!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Attune-Webhooks/1',
      'attune-event-id': 'evt-0001',
      'attune-event-type': 'session.completed',
    });
    expect(JSON.parse(delivery!.body)).toEqual({ id: 'evt-0001', type: 'session.completed', createdAt: '2026-10-01T11:59:58Z', data: completed });
  });

  it('sends ids, scores, whether review is required and the risk categories only: a field smuggled into the detail never reaches the receiver', async () => {
    const { deliver } = handlerFor([webhook('/ok')]);

    await deliver(
      busEvent('attune.session.completed', { ...completed, note: `${CANARY} said she argued with her sister`, quote: CANARY, riskQuotes: [CANARY] }),
    );

    expect(received[0]!.body).not.toContain(CANARY);
    expect(Object.keys(JSON.parse(received[0]!.body).data).sort()).toEqual([
      'clientId',
      'dimensions',
      'overall',
      'reviewRequired',
      'riskCategories',
      'sessionId',
      'status',
      'tenantId',
    ]);
    expect(JSON.parse(received[0]!.body).data).toMatchObject({ reviewRequired: true, riskCategories: ['passive_ideation', 'self_injury'] });
  });

  it('delivers nothing when a risk category holds text instead of a category name', async () => {
    const { deliver } = handlerFor([webhook('/ok')]);

    const outcome = await deliver(busEvent('attune.session.completed', { ...completed, riskCategories: [`${CANARY}: I cut my arm last night`] }));

    expect(outcome).toEqual({ delivered: 0, failed: 0 });
    expect(received).toEqual([]);
  });

  it('sends a failed event with its failure code to the webhooks subscribed to failures', async () => {
    const { deliver } = handlerFor([
      webhook('/ok-completed-only', { events: ['session.completed'] }),
      webhook('/ok-failed-only', { events: ['session.failed'] }),
    ]);

    const outcome = await deliver(busEvent('attune.session.failed', failed));

    expect(outcome).toEqual({ delivered: 1, failed: 0 });
    expect(received.map((r) => r.path)).toEqual(['/ok-failed-only']);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'session.failed', data: { status: 'FAILED', failureCode: 'transcription_failed' } });
    expect(received[0]!.verified).toEqual({ ok: true });
  });

  it("sends nothing to another tenant's webhooks", async () => {
    const { deliver } = handlerFor([webhook('/ok-other', { tenantId: 'other' })]);

    const outcome = await deliver(busEvent('attune.session.completed', completed));

    expect(outcome).toEqual({ delivered: 0, failed: 0 });
    expect(received).toEqual([]);
  });

  it("signs each webhook with its own secret, so one receiver's secret does not verify another's delivery", async () => {
    const { deliver } = handlerFor([webhook('/ok-a'), webhook('/ok-b')]);

    await deliver(busEvent('attune.session.completed', completed));

    const [a, b] = [received.find((r) => r.path === '/ok-a')!, received.find((r) => r.path === '/ok-b')!];
    expect([a.verified, b.verified]).toEqual([{ ok: true }, { ok: true }]);
    expect(a.headers['attune-signature']).not.toBe(b.headers['attune-signature']);
    expect(verifyWebhook(secrets.get('/ok-a')!, String(b.headers['attune-signature']), b.body, NOW_SECONDS)).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });
});

describe('DeliverWebhooks: failures make the invocation retry', () => {
  it('tries every webhook, then throws naming the failed ones by id, never by URL or query', async () => {
    const { deliver } = handlerFor([webhook(`/fail?token=${TOKEN}`), webhook('/ok')]);

    const attempt = deliver(busEvent('attune.session.completed', completed));

    await expect(attempt).rejects.toBeInstanceOf(WebhookDeliveryError);
    await expect(attempt).rejects.toThrow(/1 of 2 webhook deliveries of event evt-0001 failed \(wh-failtokenreceivertoken9f2: HTTP 500\)/);
    await expect(attempt).rejects.not.toThrow(TOKEN);
    await expect(attempt).rejects.not.toThrow(base);
    expect(received.filter((r) => r.path === '/ok')).toHaveLength(1);
  });

  it('counts a receiver that does not answer in time as failed', async () => {
    const { deliver } = handlerFor([webhook('/slow')], { timeoutMs: 200 });

    const attempt = deliver(busEvent('attune.session.completed', completed));

    await expect(attempt).rejects.toThrow(/wh-slow: no answer within 200 ms/);
  });

  it('does not follow a redirect, and counts it as failed', async () => {
    const { deliver } = handlerFor([webhook('/redirect')]);

    const attempt = deliver(busEvent('attune.session.completed', completed));

    await expect(attempt).rejects.toThrow(/wh-redirect: redirect 302 not followed/);
    expect(received.map((r) => r.path)).toEqual(['/redirect']);
  });

  it('counts a refused connection as failed, by its code', async () => {
    const { deliver } = handlerFor([{ ...webhook('/ok'), webhookId: 'wh-down', url: `http://127.0.0.1:${closedPort}/hook?token=${TOKEN}` }]);

    const attempt = deliver(busEvent('attune.session.completed', completed));

    await expect(attempt).rejects.toThrow(/wh-down: network error \(ECONNREFUSED\)/);
    await expect(attempt).rejects.not.toThrow(TOKEN);
  });

  it('lets a registry failure through, so the event is retried', async () => {
    const registry: WebhookRegistry = {
      add: async () => undefined,
      list: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
      },
      remove: async () => false,
    };
    const deliver = createDeliverWebhooksHandler({ webhooks: registry, now: () => NOW });

    await expect(deliver(busEvent('attune.session.completed', completed))).rejects.toThrow('Rate exceeded');
  });
});

describe('DeliverWebhooks: events retrying cannot help are dropped', () => {
  it.each([
    ['an unknown detail-type', busEvent('attune.session.started', completed)],
    ['another source', { ...busEvent('attune.session.completed', completed), source: 'aws.s3' }],
    ['a detail that is not a session event', busEvent('attune.session.completed', { tenantId: 'acme', status: 'DONE' })],
    ['a failed event with no tenant (an unreadable upload)', busEvent('attune.session.failed', { ...failed, tenantId: '', clientId: '', sessionId: '' })],
    ['no envelope at all', { detail: completed } as unknown as EventBridgeEvent<string, unknown>],
  ])('returns without delivering or throwing for %s', async (_what, event) => {
    const { registry, deliver } = handlerFor([webhook('/ok')]);

    expect(await deliver(event)).toEqual({ delivered: 0, failed: 0 });
    expect(registry.lists).toBe(0);
    expect(received).toEqual([]);
  });
});

describe('attachWebhookDelivery (the local runtime)', () => {
  class FakeBus {
    private listeners: ((event: BusEvent) => void)[] = [];
    onEvent(listener: (event: BusEvent) => void) {
      this.listeners.push(listener);
    }
    emit(event: BusEvent) {
      for (const listener of this.listeners) listener(event);
    }
  }
  const event = (detailType = 'attune.session.completed') => busEvent(detailType, completed) as BusEvent;

  it('hands each session event to the handler, and no other event', async () => {
    const bus = new FakeBus();
    const seen: string[] = [];
    const detach = attachWebhookDelivery(
      bus,
      async (e) => void seen.push(e['detail-type']),
      () => undefined,
    );

    bus.emit(event());
    bus.emit(event('attune.session.failed'));
    bus.emit(event('Object Created'));
    await detach.idle();

    expect(seen).toEqual(['attune.session.completed', 'attune.session.failed']);
  });

  it('retries a failed delivery after a pause, and stays quiet when a retry succeeds', async () => {
    const bus = new FakeBus();
    const attempts: number[] = [];
    const warnings: string[] = [];
    const detach = attachWebhookDelivery(
      bus,
      async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error('1 of 1 webhook deliveries failed');
      },
      (message) => warnings.push(message),
      { retryDelaysMs: [20, 60] },
    );

    bus.emit(event());
    await detach.idle();

    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(15);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(50);
    expect(warnings).toEqual([]);
  });

  it("warns once when it gives up, without any URL's query", async () => {
    const bus = new FakeBus();
    const warnings: string[] = [];
    let calls = 0;
    const detach = attachWebhookDelivery(
      bus,
      async () => {
        calls++;
        throw new Error(`could not reach https://ehr.example.com/hook?token=${TOKEN} (HTTP 500)`);
      },
      (message) => warnings.push(message),
      { retryDelaysMs: [1, 1] },
    );

    bus.emit(event());
    await detach.idle();

    expect(calls).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/attune\.session\.completed event evt-0001 .* after 3 attempts/);
    expect(warnings[0]).toContain('https://ehr.example.com/hook');
    expect(warnings[0]).not.toContain(TOKEN);
  });

  it('delivers through the real handler to a real receiver', async () => {
    const bus = new FakeBus();
    const { deliver } = handlerFor([webhook('/ok-local')]);
    const detach = attachWebhookDelivery(bus, deliver, () => undefined);

    bus.emit(event());
    await detach.idle();

    expect(received.map((r) => [r.path, r.verified])).toEqual([['/ok-local', { ok: true }]]);
  });

  it('stops when detached: pending retries are dropped without a warning', async () => {
    const bus = new FakeBus();
    const warnings: string[] = [];
    let calls = 0;
    const detach = attachWebhookDelivery(
      bus,
      async () => {
        calls++;
        throw new Error('down');
      },
      (message) => warnings.push(message),
      { retryDelaysMs: [10_000, 10_000] },
    );

    bus.emit(event());
    await new Promise((resolve) => setTimeout(resolve, 10));
    detach();
    await detach.idle();
    bus.emit(event());

    expect(calls).toBe(1);
    expect(warnings).toEqual([]);
  });
});
