/**
 * Webhooks: a tenant's admin registers a URL and a secret, and every `session.completed` and
 * `session.failed` event of the tenant is POSTed there, signed with HMAC-SHA256 (core/webhooks/signature.ts,
 * sent by lambdas/deliver-webhooks). The secret is write-only: no answer ever carries it.
 *
 * The URL rules keep the delivery function from being pointed at anything but the partner's public
 * server (SSRF): https only, no credentials, no fragment, and no literal private, loopback or link-local
 * address. A host name that resolves to such an address is not caught here; the delivery function runs
 * outside any VPC, where private ranges are unreachable. The local runtime (`allowLoopbackWebhooks`) also
 * takes http:// to localhost, so a developer can receive events on their machine.
 */
import { BlockList, isIP } from 'node:net';
import type { z } from 'zod';
import { WebhookEventTypeSchema, type CreateWebhookRequestSchema } from '../../../schemas/api.js';
import type { WebhookSubscription } from '../../ports/webhook-registry.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import { Problem } from '../problem.js';

/** Each delivery is one POST per webhook: the cap keeps one event from becoming a flood. */
export const MAX_WEBHOOKS_PER_TENANT = 10;
export const MAX_WEBHOOK_URL_CHARS = 2048;
const ALL_EVENTS = WebhookEventTypeSchema.options;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

type CreateWebhookRequest = z.infer<typeof CreateWebhookRequestSchema>;

function blockList(subnets: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return list;
}

/**
 * Addresses no partner's server has, by what they are (RFC 6890). IPv4-mapped IPv6 addresses
 * (`::ffff:10.0.0.1`) are matched by the IPv4 rules.
 */
const NOT_PUBLIC: { what: string; list: BlockList }[] = [
  {
    what: 'a loopback address',
    list: blockList([
      ['127.0.0.0', 8],
      ['::1', 128],
    ]),
  },
  {
    what: 'a private address',
    list: blockList([
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['100.64.0.0', 10],
      ['fc00::', 7],
      ['fec0::', 10],
    ]),
  },
  // 169.254.169.254 is the instance metadata service of EC2 and ECS.
  {
    what: 'a link-local address',
    list: blockList([
      ['169.254.0.0', 16],
      ['fe80::', 10],
    ]),
  },
  {
    what: 'a reserved or multicast address',
    list: blockList([
      ['0.0.0.0', 8],
      ['192.0.0.0', 24],
      ['198.18.0.0', 15],
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
      ['::', 96],
      ['ff00::', 8],
    ]),
  },
];

/** What a literal IP host is, when it is not a public address; null for a public one. */
function nonPublicKind(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return null;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const { what, list } of NOT_PUBLIC) if (list.check(address, type)) return what;
  // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
  const nat64 = /^64:ff9b::([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (nat64) {
    const high = parseInt(nat64[1]!, 16);
    const low = parseInt(nat64[2]!, 16);
    return nonPublicKind([high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'));
  }
  return null;
}

function invalidUrl(detail: string): Problem {
  return new Problem('invalid-request', `the request body is not valid: /url (${detail})`, { errors: [{ pointer: '/url', detail }] });
}

/**
 * The URL as it will be called (normalised by the WHATWG parser: `HTTPS://Example.com` becomes
 * `https://example.com/`), or a 400 naming `/url` and what to change.
 */
export function checkWebhookUrl(raw: string, options: { allowLoopback: boolean }): string {
  if (raw.length > MAX_WEBHOOK_URL_CHARS) throw invalidUrl(`the URL is longer than ${MAX_WEBHOOK_URL_CHARS} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl('not a URL; give an absolute https:// URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidUrl('the URL must not carry a user name or password; the signature header authenticates each delivery');
  }
  // `new URL` drops an empty fragment ("…/hook#"), so the raw text is checked too.
  if (url.hash !== '' || raw.includes('#')) throw invalidUrl('the URL must not have a fragment (#…): it is never sent to the server');
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol === 'http:' && options.allowLoopback && loopback) return url.href;
  if (url.protocol !== 'https:') {
    throw invalidUrl(options.allowLoopback ? 'use https://, or http:// to localhost, 127.0.0.1 or [::1]' : 'use https://: events are sent only over TLS');
  }
  if (options.allowLoopback) return url.href;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw invalidUrl("the URL points at localhost, which from Attune's servers is Attune itself; give your server's public host name");
  }
  const kind = nonPublicKind(host);
  if (kind) throw invalidUrl(`the URL's host ${url.hostname} is ${kind}, which Attune does not call; give your server's public host name`);
  return url.href;
}

/** A webhook as the API shows it: everything but the secret (and the tenant, which is the caller's). */
function view(webhook: WebhookSubscription) {
  return { webhookId: webhook.webhookId, url: webhook.url, events: webhook.events, createdAt: webhook.createdAt, createdBy: webhook.createdBy };
}

export function createWebhookOperations(deps: ApiDeps, _access?: Access): OperationSet<'createWebhook' | 'listWebhooks' | 'deleteWebhook'> {
  return {
    async createWebhook(ctx: RequestContext<Record<string, unknown>, CreateWebhookRequest>) {
      const { tenantId, userId } = ctx.principal;
      const url = checkWebhookUrl(ctx.body.url, { allowLoopback: deps.config.allowLoopbackWebhooks });
      const existing = await deps.webhooks.list(tenantId);
      // Checked on a consistent read; two creates racing past it could reach 11, which is harmless.
      if (existing.length >= MAX_WEBHOOKS_PER_TENANT) {
        throw new Problem(
          'conflict',
          `your tenant has ${existing.length} webhooks, the most it may have (${MAX_WEBHOOKS_PER_TENANT}); delete one with DELETE /webhooks/{webhookId} first`,
        );
      }
      const requested = ctx.body.events ?? ALL_EVENTS;
      const webhook: WebhookSubscription = {
        tenantId,
        webhookId: deps.newId(),
        url,
        secret: ctx.body.secret,
        events: ALL_EVENTS.filter((type) => requested.includes(type)),
        createdAt: deps.now().toISOString(),
        createdBy: userId,
      };
      ctx.touched.webhookId = webhook.webhookId;
      await deps.webhooks.add(webhook);
      return json(201, view(webhook), { location: `/webhooks/${webhook.webhookId}` });
    },

    async listWebhooks(ctx) {
      const webhooks = await deps.webhooks.list(ctx.principal.tenantId);
      return json(200, { items: webhooks.map(view) });
    },

    async deleteWebhook(ctx) {
      const webhookId = ctx.params.webhookId ?? '';
      ctx.touched.webhookId = webhookId;
      const removed = await deps.webhooks.remove(ctx.principal.tenantId, webhookId);
      if (!removed) throw new Problem('not-found', 'no webhook with that id exists for your tenant; GET /webhooks lists them');
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    },
  };
}
