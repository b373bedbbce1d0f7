/**
 * DeliverWebhooks sends only to public addresses (issue 15, SSRF): a literal non-public host in every
 * spelling is refused before anything is sent, and a host name is refused when any address it resolves
 * to is not public, at the moment of connecting (the connection uses the checked address). Loopback
 * receivers need the local runtime's development opt-in.
 */
import './handler-env.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeliverWebhooksHandler, type DeliverWebhooksDeps, type ResolveAll } from '../../../lambdas/deliver-webhooks/handler.js';
import type { WebhookRegistry, WebhookSubscription } from '../../../lambdas/ports/webhook-registry.js';
import { loopbackWebhooksAllowed } from '../../../local/runtime/webhooks.js';

const NOW = new Date('2026-10-01T12:00:00Z');
const TOKEN = 'receiver-token-77a';

let receiver: Server;
let port: number;
let hits: string[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    hits.push(request.url ?? '');
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
  hits = [];
});

const event: EventBridgeEvent<string, unknown> = {
  version: '0',
  id: 'evt-ssrf',
  'detail-type': 'attune.session.completed',
  source: 'attune',
  account: '000000000000',
  time: '2026-10-01T11:59:58Z',
  region: 'eu-west-1',
  resources: [],
  detail: { tenantId: 'acme', clientId: 'c-1', sessionId: 's-1', status: 'COMPLETED', overall: 70, dimensions: {}, reviewRequired: false, riskCategories: [] },
};

function registry(url: string): WebhookRegistry {
  const item: WebhookSubscription = {
    tenantId: 'acme',
    webhookId: 'wh-target',
    url,
    secret: 'whsec_0123456789abcdef0123456789abcdef',
    events: ['session.completed'],
    createdAt: NOW.toISOString(),
    createdBy: 'admin-1',
  };
  return { add: async () => undefined, list: async () => [item], remove: async () => false };
}

function deliverTo(url: string, deps: Partial<DeliverWebhooksDeps> = {}) {
  return createDeliverWebhooksHandler({ webhooks: registry(url), now: () => NOW, timeoutMs: 5000, ...deps })(event);
}

/** A resolver that answers fixed addresses for every name, and counts its calls. */
function resolverAnswering(...addresses: string[]): ResolveAll & { calls: number } {
  const resolve: ResolveAll & { calls: number } = Object.assign(
    async () => {
      resolve.calls++;
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return resolve;
}

describe('DeliverWebhooks: where a delivery may go', () => {
  it('refuses a loopback receiver without the local opt-in: nothing is sent, the reason names no host', async () => {
    const attempt = deliverTo(`http://127.0.0.1:${port}/hook?token=${TOKEN}`);

    await expect(attempt).rejects.toThrow(/wh-target: the host is a loopback address, which Attune does not call/);
    await expect(attempt).rejects.not.toThrow(TOKEN);
    await expect(attempt).rejects.not.toThrow('127.0.0.1');
    expect(hits).toEqual([]);
  });

  it('refuses localhost (a name for 127.0.0.1) at send time without the opt-in', async () => {
    await expect(deliverTo(`http://localhost:${port}/hook`)).rejects.toThrow(/wh-target: the host is localhost/);
    expect(hits).toEqual([]);
  });

  it('refuses a host name that resolves to loopback when connecting, without asking anything else', async () => {
    const resolve = resolverAnswering('127.0.0.1');

    const attempt = deliverTo(`http://hooks.partner.test:${port}/hook`, { resolve });

    await expect(attempt).rejects.toThrow(/wh-target: the host resolves to an address Attune does not call \(a loopback address\)/);
    expect(resolve.calls).toBeGreaterThan(0);
    expect(hits).toEqual([]);
  });

  it.each([
    ['the metadata service', ['169.254.169.254']],
    ['a private network', ['10.0.0.7']],
    ['a 6to4 form of the metadata service', ['2002:a9fe:a9fe::1']],
    ['a NAT64 form of loopback', ['64:ff9b::7f00:1']],
    ['a public and a loopback address (rebinding)', ['93.184.216.34', '127.0.0.1']],
  ])('refuses a host name that resolves to %s', async (_what, addresses) => {
    await expect(deliverTo(`https://hooks.partner.test:${port}/hook`, { resolve: resolverAnswering(...addresses) })).rejects.toThrow(
      /wh-target: the host resolves to an address Attune does not call/,
    );
    expect(hits).toEqual([]);
  });

  it.each([
    'http://2852039166/hook',
    'http://0xA9FEA9FE/hook',
    'http://0251.0376.0251.0376/hook',
    'https://[::ffff:169.254.169.254]/hook',
    'https://[2002:a9fe:a9fe::]/hook',
    'https://[2001:0:4136:e378:8000:63bf:5601:5601]/hook',
    'https://[64:ff9b::a9fe:a9fe]/hook',
    'https://[64:ff9b:1::a9fe:a9fe]/hook',
    'https://[fd00::1]/hook',
    'https://192.168.1.10/hook',
  ])('refuses %s before sending, also with the loopback opt-in', async (url) => {
    let sent = 0;
    const fetchStub = (async () => {
      sent++;
      return new Response(null, { status: 204 });
    }) as typeof fetch;

    await expect(deliverTo(url, { fetch: fetchStub, allowLoopback: true })).rejects.toThrow(/wh-target: the host is .*, which Attune does not call/);
    expect(sent).toBe(0);
  });

  it('with the local opt-in, delivers to a loopback receiver, by address or by a name that resolves to it', async () => {
    expect(await deliverTo(`http://127.0.0.1:${port}/by-address`, { allowLoopback: true })).toEqual({ delivered: 1, failed: 0 });
    expect(await deliverTo(`http://localhost:${port}/by-localhost`, { allowLoopback: true, resolve: resolverAnswering('127.0.0.1') })).toEqual({
      delivered: 1,
      failed: 0,
    });
    // The connection goes to the address the lookup checked, whatever the name is.
    expect(await deliverTo(`http://hooks.partner.test:${port}/by-name`, { allowLoopback: true, resolve: resolverAnswering('127.0.0.1') })).toEqual({
      delivered: 1,
      failed: 0,
    });
    expect(hits).toEqual(['/by-address', '/by-localhost', '/by-name']);
  });

  it('with the local opt-in, still refuses a name that resolves to a private address', async () => {
    await expect(deliverTo(`http://hooks.partner.test:${port}/hook`, { allowLoopback: true, resolve: resolverAnswering('192.168.0.2') })).rejects.toThrow(
      /a private address/,
    );
  });
});

describe('the local opt-in, ATTUNE_ALLOW_LOOPBACK_WEBHOOKS', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['yes please', false],
    ['1', true],
    ['true', true],
  ])('%s means %s', (value, allowed) => {
    expect(loopbackWebhooksAllowed(value === undefined ? {} : { ATTUNE_ALLOW_LOOPBACK_WEBHOOKS: value })).toBe(allowed);
  });
});
