/**
 * Webhooks: a tenant's admin registers a URL and a secret, and every `session.completed` and
 * `session.failed` event of the tenant is POSTed there, signed with HMAC-SHA256 (core/webhooks/signature.ts,
 * sent by lambdas/deliver-webhooks). The secret is write-only: no answer ever carries it.
 *
 * The URL rules keep the delivery function from being pointed at anything but the partner's public
 * server (SSRF): https only, no credentials, no fragment, and no literal address that is not public
 * (core/webhooks/address.ts, the rule DeliverWebhooks applies again to every address a host name resolves
 * to at send time). Only a local runtime started with ATTUNE_ALLOW_LOOPBACK_WEBHOOKS=1
 * (`allowLoopbackWebhooks`, development only) also takes http:// to a loopback host.
 */
import type { z } from 'zod';
import { WebhookEventTypeSchema, type CreateWebhookRequestSchema } from '../../../schemas/api.js';
import { checkWebhookHost } from '../../core/webhooks/address.js';
import type { WebhookSubscription } from '../../ports/webhook-registry.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import { Problem } from '../problem.js';

/** Each delivery is one POST per webhook: the cap keeps one event from becoming a flood. */
export const MAX_WEBHOOKS_PER_TENANT = 10;
export const MAX_WEBHOOK_URL_CHARS = 2048;
const ALL_EVENTS = WebhookEventTypeSchema.options;
/** The hosts a local receiver listens on, the only ones plain http:// may name (with the local opt-in). */
const HTTP_LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

type CreateWebhookRequest = z.infer<typeof CreateWebhookRequestSchema>;

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
  const loopback = HTTP_LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol === 'http:' && options.allowLoopback && loopback) return url.href;
  if (url.protocol !== 'https:') {
    throw invalidUrl(options.allowLoopback ? 'use https://, or http:// to localhost, 127.0.0.1 or [::1]' : 'use https://: events are sent only over TLS');
  }
  // One host rule for registration and delivery (core/webhooks/address.ts): 6to4, NAT64 and Teredo forms
  // of a private address are refused here as they are at send time. The reason never repeats the host.
  const verdict = checkWebhookHost(url.hostname, options);
  if (!verdict.ok) {
    const hint = /localhost/.test(verdict.reason) ? "from Attune's servers localhost is Attune itself; " : '';
    throw invalidUrl(`${verdict.reason}, which Attune does not call; ${hint}give your server's public host name`);
  }
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
