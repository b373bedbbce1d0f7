/** POST /webhooks, GET /webhooks, DELETE /webhooks/{webhookId}: through the dispatcher, over the in-memory ports. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { MAX_WEBHOOKS_PER_TENANT } from '../../../lambdas/api/operations/webhooks.js';
import { WebhookListSchema, WebhookSchema } from '../../../schemas/api.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;
const ADMIN: Caller = { tenant: 't1', user: 'boss', roles: ['admin'] };
const FOREIGN_ADMIN: Caller = { tenant: 't2', user: 'intruder', roles: ['admin'] };
const SECRET = 'whsec_0123456789abcdef0123456789abcdef';

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
/** Every response body the test saw: none may ever hold a secret. */
let answers: string[];

beforeEach(() => {
  deps = memoryDeps();
  const handler = createApiHandler(deps);
  answers = [];
  api = async (event) => {
    const response = await handler(event);
    answers.push(response.body);
    return response;
  };
});

const create = (request: Record<string, unknown>, caller: Caller = ADMIN, headers: Record<string, string> = {}) =>
  api(apiEvent('POST', '/webhooks', { caller, body: { secret: SECRET, ...request }, headers }));

/** Sees the secret in no body this test received (answers, problems, lists). */
function expectNoSecretAnywhere(): void {
  for (const answer of answers) expect(answer).not.toContain(SECRET);
}

describe('POST /webhooks', () => {
  it('registers the webhook and answers 201 with it, without the secret, both events by default', async () => {
    const response = await create({ url: 'https://ehr.example.com/attune/events' });

    expect(response.statusCode).toBe(201);
    const webhook = WebhookSchema.strict().parse(body(response));
    expect(webhook).toEqual({
      webhookId: expect.any(String),
      url: 'https://ehr.example.com/attune/events',
      events: ['session.completed', 'session.failed'],
      createdAt: '2026-10-01T12:00:00.000Z',
      createdBy: 'boss',
    });
    expect(response.headers?.location).toBe(`/webhooks/${webhook.webhookId}`);
    expect(deps.webhooks.items).toEqual([{ ...webhook, tenantId: 't1', secret: SECRET }]);
    expectNoSecretAnywhere();
  });

  it('subscribes to the events asked for only, once each', async () => {
    const response = await create({ url: 'https://ehr.example.com/hook', events: ['session.failed', 'session.failed'] });

    expect(body(response).events).toEqual(['session.failed']);
  });

  it('keeps the URL as it will be called: normalised, with its query', async () => {
    const response = await create({ url: 'HTTPS://EHR.Example.com:443/hook?token=abc' });

    expect(body(response).url).toBe('https://ehr.example.com/hook?token=abc');
  });

  it("audits the creation with the new webhook's id, never the URL or the secret", async () => {
    const response = await create({ url: 'https://ehr.example.com/hook?token=abc' });

    const entry = deps.audit.entries.find((e) => e.action === 'webhook.create');
    expect(entry).toMatchObject({ tenantId: 't1', actor: 'boss', status: 201, webhookId: body(response).webhookId });
    expect(JSON.stringify(deps.audit.entries)).not.toContain('token=abc');
    expect(JSON.stringify(deps.audit.entries)).not.toContain(SECRET);
  });

  it('answers the first answer again for a retried Idempotency-Key, registering once', async () => {
    const first = await create({ url: 'https://ehr.example.com/hook' }, ADMIN, { 'idempotency-key': 'k-1' });
    const again = await create({ url: 'https://ehr.example.com/hook' }, ADMIN, { 'idempotency-key': 'k-1' });

    expect(again.statusCode).toBe(201);
    expect(body(again)).toEqual(body(first));
    expect(deps.webhooks.items).toHaveLength(1);
  });

  it(`refuses the ${MAX_WEBHOOKS_PER_TENANT + 1}th webhook of a tenant with 409, and counts per tenant`, async () => {
    for (let i = 0; i < MAX_WEBHOOKS_PER_TENANT; i++) expect((await create({ url: `https://ehr.example.com/hook/${i}` })).statusCode).toBe(201);

    const eleventh = await create({ url: 'https://ehr.example.com/hook/10' });
    const otherTenant = await create({ url: 'https://ehr.example.com/hook/10' }, FOREIGN_ADMIN);

    expect(eleventh.statusCode).toBe(409);
    expect(body(eleventh)).toMatchObject({ type: 'https://attune.dev/problems/conflict' });
    expect(body(eleventh).detail).toMatch(/DELETE \/webhooks/);
    expect(otherTenant.statusCode).toBe(201);
    expect(deps.webhooks.items.filter((w) => w.tenantId === 't1')).toHaveLength(MAX_WEBHOOKS_PER_TENANT);
  });

  it.each(['clinician', 'supervisor'] as const)('is for admins: a %s gets 403 and nothing is registered', async (role) => {
    const response = await create({ url: 'https://ehr.example.com/hook' }, { tenant: 't1', user: 'u1', roles: [role] });

    expect(response.statusCode).toBe(403);
    expect(deps.webhooks.items).toEqual([]);
  });

  it('refuses a short secret, naming /secret without echoing it', async () => {
    const response = await create({ url: 'https://ehr.example.com/hook', secret: 'too-short-secret' });

    expect(response.statusCode).toBe(400);
    expect(body(response).errors).toEqual([{ pointer: '/secret', detail: expect.stringMatching(/32 characters/) }]);
    expect(response.body).not.toContain('too-short-secret');
  });
});

describe('POST /webhooks: the URL rules', () => {
  describe('in AWS (no loopback webhooks)', () => {
    beforeEach(() => {
      deps = memoryDeps({ config: { ...memoryDeps().config, allowLoopbackWebhooks: false } });
      api = createApiHandler(deps);
    });

    it.each([
      ['http://ehr.example.com/hook', /https:\/\//],
      ['http://localhost:8080/hook', /https:\/\//],
      ['ftp://ehr.example.com/hook', /https:\/\//],
      ['https://user:pass@ehr.example.com/hook', /user name or password/],
      ['https://ehr.example.com/hook#events', /fragment/],
      ['https://ehr.example.com/hook#', /fragment/],
      ['https://localhost/hook', /localhost/],
      ['https://api.localhost./hook', /localhost/],
      ['https://127.0.0.1/hook', /loopback/],
      ['https://2130706433/hook', /loopback/],
      ['https://[::1]/hook', /loopback/],
      ['https://10.1.2.3/hook', /private/],
      ['https://172.20.0.1/hook', /private/],
      ['https://192.168.1.10/hook', /private/],
      ['https://100.64.0.1/hook', /private/],
      ['https://[fd00::1]/hook', /private/],
      ['https://169.254.169.254/latest/meta-data', /link-local/],
      ['https://[fe80::1]/hook', /link-local/],
      ['https://[::ffff:10.0.0.1]/hook', /IPv4/],
      // 6to4, NAT64 and Teredo forms of the instance metadata address (issue 15, Low)
      ['https://[2002:a9fe:a9fe::1]/hook', /link-local/],
      ['https://[64:ff9b::169.254.169.254]/hook', /link-local/],
      ['https://[2001:0:4136:e378:8000:63bf:5601:5601]/hook', /Teredo|reserved|tunnel/i],
      ['https://[64:ff9b::a9fe:a9fe]/hook', /link-local/],
      ['https://0.0.0.0/hook', /reserved/],
      ['https://224.0.0.1/hook', /multicast/],
      [`https://ehr.example.com/${'a'.repeat(2100)}`, /longer than 2048/],
      ['not a url', /URL/i],
    ])('refuses %s with 400 naming /url', async (url, why) => {
      const response = await create({ url });

      expect(response.statusCode).toBe(400);
      const problem = body(response);
      expect(problem.type).toBe('https://attune.dev/problems/invalid-request');
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]).toMatchObject({ pointer: '/url' });
      expect(problem.errors[0].detail).toMatch(why);
      expect(deps.webhooks.items).toEqual([]);
    });

    it.each(['https://ehr.example.com/hook', 'https://93.184.215.14/hook', 'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook', 'https://172.32.0.1/hook'])(
      'accepts the public address %s',
      async (url) => {
        expect((await create({ url })).statusCode).toBe(201);
      },
    );
  });

  describe('in the local runtime (loopback webhooks allowed)', () => {
    it.each(['http://localhost:8080/hook', 'http://127.0.0.1:9000/hook?token=t', 'http://[::1]:9000/hook', 'https://127.0.0.1/hook'])(
      'accepts %s',
      async (url) => {
        expect((await create({ url })).statusCode).toBe(201);
      },
    );

    it.each(['http://ehr.example.com/hook', 'http://192.168.1.10/hook', 'http://127.0.0.2/hook'])('still refuses http:// to %s', async (url) => {
      const response = await create({ url });

      expect(response.statusCode).toBe(400);
      expect(body(response).errors[0]).toMatchObject({ pointer: '/url', detail: expect.stringMatching(/localhost/) });
    });

    // The opt-in is for a receiver on this machine, not a way into the network around it (issue 15, Low).
    it.each(['https://10.1.2.3/hook', 'https://192.168.1.10/hook', 'https://169.254.169.254/latest/meta-data', 'https://[2002:a9fe:a9fe::1]/hook'])(
      'still refuses the non-public address %s',
      async (url) => {
        const response = await create({ url });

        expect(response.statusCode).toBe(400);
        expect(body(response).errors[0]).toMatchObject({ pointer: '/url' });
        expect(deps.webhooks.items).toEqual([]);
      },
    );
  });
});

describe('GET /webhooks', () => {
  it("lists the tenant's webhooks, oldest first, without secrets", async () => {
    await create({ url: 'https://ehr.example.com/a' });
    await create({ url: 'https://ehr.example.com/b', events: ['session.completed'] });
    await create({ url: 'https://other.example.com/c' }, FOREIGN_ADMIN);

    const response = await api(apiEvent('GET', '/webhooks', { caller: ADMIN }));

    expect(response.statusCode).toBe(200);
    const list = WebhookListSchema.parse(body(response));
    expect(list.items.map((w) => [w.url, w.events])).toEqual([
      ['https://ehr.example.com/a', ['session.completed', 'session.failed']],
      ['https://ehr.example.com/b', ['session.completed']],
    ]);
    for (const item of body(response).items) expect(Object.keys(item).sort()).toEqual(['createdAt', 'createdBy', 'events', 'url', 'webhookId']);
    expectNoSecretAnywhere();
  });

  it('answers an empty list for a tenant without webhooks', async () => {
    await create({ url: 'https://ehr.example.com/a' });

    expect(body(await api(apiEvent('GET', '/webhooks', { caller: FOREIGN_ADMIN })))).toEqual({ items: [] });
  });

  it('is for admins', async () => {
    expect((await api(apiEvent('GET', '/webhooks', { caller: { tenant: 't1', user: 'u1', roles: ['clinician'] } }))).statusCode).toBe(403);
  });
});

describe('DELETE /webhooks/{webhookId}', () => {
  it('removes the webhook (204), after which it is neither listed nor removable again (404)', async () => {
    const { webhookId } = body(await create({ url: 'https://ehr.example.com/a' }));

    const removed = await api(apiEvent('DELETE', `/webhooks/${webhookId}`, { caller: ADMIN }));
    const again = await api(apiEvent('DELETE', `/webhooks/${webhookId}`, { caller: ADMIN }));

    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect(again.statusCode).toBe(404);
    expect(body(await api(apiEvent('GET', '/webhooks', { caller: ADMIN }))).items).toEqual([]);
    expect(deps.audit.entries.filter((e) => e.action === 'webhook.delete').map((e) => [e.webhookId, e.status])).toEqual([
      [webhookId, 204],
      [webhookId, 404],
    ]);
  });

  it("answers 404 to another tenant's admin, and the webhook stays", async () => {
    const { webhookId } = body(await create({ url: 'https://ehr.example.com/a' }));

    const response = await api(apiEvent('DELETE', `/webhooks/${webhookId}`, { caller: FOREIGN_ADMIN }));

    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('ehr.example.com');
    expect(deps.webhooks.items.map((w) => w.webhookId)).toEqual([webhookId]);
  });

  it('is for admins', async () => {
    const { webhookId } = body(await create({ url: 'https://ehr.example.com/a' }));

    const response = await api(apiEvent('DELETE', `/webhooks/${webhookId}`, { caller: { tenant: 't1', user: 'sup', roles: ['supervisor'] } }));

    expect(response.statusCode).toBe(403);
    expect(deps.webhooks.items).toHaveLength(1);
  });

  it('answers 400 for an id that is not one', async () => {
    expect((await api(apiEvent('DELETE', '/webhooks/..%2Fx', { caller: ADMIN }))).statusCode).toBe(400);
  });
});
