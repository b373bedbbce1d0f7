/**
 * DeliverWebhooks: the target of the EventBridge rule on `attune.session.completed` and
 * `attune.session.failed`. It POSTs the event to every webhook of the session's tenant that subscribed
 * to its type, signed with the webhook's secret (core/webhooks/signature.ts).
 *
 * What a receiver gets: `{id, type, createdAt, data}`, where `data` is the event's detail re-parsed with
 * its schema (ids, status, scores, whether risk needs a clinician's review and its categories, and a
 * failure code; never a quote, note or transcript text), with the headers
 * `attune-signature`, `attune-event-id` and `attune-event-type`.
 *
 * Delivery is at least once. Every webhook is tried (at the same time, 5 s each, redirects not followed:
 * a redirect could lead the request anywhere the URL rules forbid); when any failed, the handler throws
 * after trying them all, so the invocation is retried and the failed ones get the event again. The
 * retry goes to every subscribed webhook, so a receiver may see an event twice: it dedupes on
 * `attune-event-id`, which stays the same on every retry. An event that cannot be delivered at all (an
 * unknown type, a malformed detail, no tenant) is logged and dropped: retrying cannot help it.
 *
 * Where a delivery may go (SSRF): only to public addresses (core/webhooks/address.ts). A literal address
 * in the URL is checked before anything is sent, and a host name is resolved when the connection is made
 * by a lookup that checks every address DNS answers and hands the connection only those it checked: a
 * name that resolves to the metadata service, loopback or a private network is refused, and a second
 * answer (DNS rebinding) cannot slip in between the check and the connection. The same rule holds in
 * AWS and locally; `allowLoopback` (local development only: the local runtime's opt-in) lets loopback
 * receivers through and nothing else.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { AttuneError } from '../core/errors.js';
import { signWebhook, WEBHOOK_HEADERS } from '../core/webhooks/signature.js';
import { checkWebhookHost, isAddressLiteral, isLocalhostName } from '../core/webhooks/address.js';
import { DynamoWebhookRegistry } from '../adapters/dynamodb/webhook-registry.js';
import type { WebhookRegistry, WebhookSubscription } from '../ports/webhook-registry.js';
import { IdSchema } from '../../schemas/session-record.js';
import { EVENT_SOURCE, SessionEventDetailSchema, SessionEventTypeSchema, type SessionEventDetail, type SessionEventType } from '../../schemas/workflow.js';
import { documentClient, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logger, logInfo, safeFields } from '../shared/observability.js';

export const DEFAULT_TIMEOUT_MS = 5000;
export const USER_AGENT = 'Attune-Webhooks/1';

/** The bus's detail-types, and the event types webhooks subscribe to. */
const EVENT_TYPES: Record<SessionEventType, WebhookSubscription['events'][number]> = {
  'attune.session.completed': 'session.completed',
  'attune.session.failed': 'session.failed',
};

const EnvelopeSchema = z.object({
  id: z.string().min(1),
  'detail-type': z.string(),
  source: z.string(),
  time: z.string().min(1),
  detail: z.unknown(),
});

/** How a host name becomes addresses: `dns.lookup`'s shape, always asked for every address. */
export type ResolveAll = (hostname: string, options: { family?: number }) => Promise<LookupAddress[]>;

export interface DeliverWebhooksDeps {
  webhooks: WebhookRegistry;
  /**
   * Sends a delivery. Given, it replaces the checked transport below: only the URL's literal host is then
   * checked (tests use it). @default node:http(s) with every resolved address checked and pinned
   */
  fetch?: typeof fetch;
  /** Loopback receivers allowed (local development only; never set in AWS). @default false */
  allowLoopback?: boolean;
  /** Host name resolution for the checked transport. @default dns.lookup with all: true */
  resolve?: ResolveAll;
  /** @default () => new Date() */
  now?: () => Date;
  /** How long each webhook has to answer. @default 5000 */
  timeoutMs?: number;
}

export interface DeliveryOutcome {
  delivered: number;
  failed: number;
}

export interface DeliveryFailure {
  webhookId: string;
  /** What went wrong, without the URL: `HTTP 500`, `redirect 302 not followed`, `no answer within 5000 ms`, `network error (ECONNREFUSED)`. */
  reason: string;
}

/**
 * Some deliveries of an event failed (the others were made). Thrown so the invocation is retried; the
 * message names the webhooks by id only, as a URL's query can hold a receiver's token.
 */
export class WebhookDeliveryError extends AttuneError {
  constructor(
    readonly eventId: string,
    readonly failures: DeliveryFailure[],
    readonly delivered: number,
  ) {
    const list = failures.map((f) => `${f.webhookId}: ${f.reason}`).join('; ');
    super(
      `${failures.length} of ${failures.length + delivered} webhook deliveries of event ${eventId} failed (${list}); ` +
        'the invocation fails so the event is retried, and receivers dedupe on attune-event-id',
      'webhook_delivery_failed',
    );
  }
}

/** The body a receiver gets. Built once per event, so every webhook receives (and is signed over) the same bytes. */
export function deliveryBody(eventId: string, type: string, createdAt: string, data: SessionEventDetail): string {
  return JSON.stringify({ id: eventId, type, createdAt, data });
}

/** A delivery refused before anything was sent: the reason says what the address is, never the host. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
  }
}

const defaultResolve: ResolveAll = (hostname, options) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that answers only addresses it has checked: every address the name has must
 * pass (one bad answer refuses the host), and the socket connects to exactly what was checked.
 */
export function checkedLookup(resolveAll: ResolveAll, allowLoopback: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolveAll(hostname, { family: typeof options.family === 'number' ? options.family : 0 }).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
        for (const { address } of addresses) {
          const verdict = checkWebhookHost(address, { allowLoopback });
          if (!verdict.ok)
            return callback(
              new RefusedAddressError(`the host resolves to an address Attune does not call (${verdict.reason.replace(/^the host is /, '')})`),
              '',
              0,
            );
        }
        if (options.all) return callback(null, addresses);
        const first = addresses[0]!;
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * A POST over node:http(s) with the checked lookup: no proxy, no redirect followed, the answer's body
 * never read. Answers a fetch-like Response with the status only.
 */
function checkedTransport(resolveAll: ResolveAll, allowLoopback: boolean): typeof fetch {
  const lookup = checkedLookup(resolveAll, allowLoopback);
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        { method: init?.method ?? 'POST', headers: init?.headers as Record<string, string>, lookup, agent: false, signal: init?.signal ?? undefined },
        (response: IncomingMessage) => {
          response.resume();
          response.destroy();
          resolve(statusOnly(response.statusCode ?? 0));
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof RefusedAddressError || error.name === 'AbortError') return reject(error);
        reject(Object.assign(new TypeError('fetch failed'), { cause: error }));
      });
      request.end(typeof init?.body === 'string' ? init.body : undefined);
    });
}

/** A Response that carries only a status (any status, unlike `new Response`, which refuses 1xx and some others). */
function statusOnly(status: number): Response {
  return { status, body: null } as unknown as Response;
}

function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof RefusedAddressError) return error.reason;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  // fetch's own message is generic; the cause's code says what happened. Neither message is used: they can name the host.
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return `network error (${typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown'})`;
}

/** Before anything is sent: http(s) only, and a literal address host must be public (a name is checked as it resolves). */
function refuseUnlessPublic(raw: string, allowLoopback: boolean): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedAddressError('the URL cannot be read');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedAddressError('the URL is not http(s)');
  const verdict = checkWebhookHost(url.hostname, { allowLoopback });
  // A loopback name (localhost) is refused here too: the resolver may not be asked about it at all.
  if (!verdict.ok && (isAddressLiteral(url.hostname) || isLocalhostName(url.hostname))) {
    throw new RefusedAddressError(`${verdict.reason}, which Attune does not call`);
  }
}

function ignore(reason: string, fields: Record<string, unknown> = {}): DeliveryOutcome {
  logInfo('webhook event ignored', { ...fields, failureCode: reason });
  return { delivered: 0, failed: 0 };
}

export function createDeliverWebhooksHandler(deps: DeliverWebhooksDeps) {
  const allowLoopback = deps.allowLoopback ?? false;
  const send: typeof fetch = deps.fetch ?? checkedTransport(deps.resolve ?? defaultResolve, allowLoopback);
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** One POST; answers the failure, or null when the receiver answered 2xx. */
  async function post(
    webhook: WebhookSubscription,
    headers: Record<string, string>,
    body: string,
    fields: Record<string, unknown>,
  ): Promise<DeliveryFailure | null> {
    const started = Date.now();
    let reason: string | null;
    let status: number | undefined;
    try {
      refuseUnlessPublic(webhook.url, allowLoopback);
      const response = await send(webhook.url, {
        method: 'POST',
        headers: { ...headers, [WEBHOOK_HEADERS.signature]: signWebhook(webhook.secret, Math.floor(now().getTime() / 1000), body) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      // The answer's body is not read: it frees the connection and keeps a slow receiver from holding us.
      await response.body?.cancel().catch(() => undefined);
      if (status >= 200 && status < 300) reason = null;
      else if (status >= 300 && status < 400) reason = `redirect ${status} not followed`;
      else reason = `HTTP ${status}`;
    } catch (error) {
      reason = failureReason(error, timeoutMs);
    }
    const logged = { ...fields, webhookId: webhook.webhookId, durationMs: Date.now() - started, ...(status !== undefined ? { status } : {}) };
    if (reason === null) {
      logInfo('webhook delivered', logged);
      return null;
    }
    logger.warn('webhook delivery failed', safeFields({ ...logged, failureCode: reason }));
    return { webhookId: webhook.webhookId, reason };
  }

  return async function deliverWebhooks(event: EventBridgeEvent<string, unknown>): Promise<DeliveryOutcome> {
    const envelope = EnvelopeSchema.safeParse(event);
    if (!envelope.success) return ignore('malformed_event');
    const { id: eventId, source, time } = envelope.data;
    const detailType = SessionEventTypeSchema.safeParse(envelope.data['detail-type']);
    const type = source === EVENT_SOURCE && detailType.success ? EVENT_TYPES[detailType.data] : undefined;
    if (!type) return ignore('unknown_event_type', { kind: envelope.data['detail-type'] });
    // Re-parsed so only the schema's fields (ids, scores, risk categories by name) can reach a receiver.
    const detail = SessionEventDetailSchema.safeParse(envelope.data.detail);
    if (!detail.success) return ignore('malformed_detail', { kind: type });
    const data = detail.data;
    // MarkFailed publishes empty ids when an upload could not be read: there is no tenant to tell.
    if (!IdSchema.safeParse(data.tenantId).success) return ignore('no_tenant', { kind: type, sessionId: data.sessionId });

    const fields = { tenantId: data.tenantId, clientId: data.clientId, sessionId: data.sessionId, kind: type };
    const subscribed = (await deps.webhooks.list(data.tenantId)).filter((webhook) => webhook.events.includes(type));
    if (subscribed.length === 0) return { delivered: 0, failed: 0 };

    const body = deliveryBody(eventId, type, time, data);
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      [WEBHOOK_HEADERS.eventId]: eventId,
      [WEBHOOK_HEADERS.eventType]: type,
    };
    const outcomes = await Promise.all(subscribed.map((webhook) => post(webhook, headers, body, fields)));
    const failures = outcomes.filter((failure): failure is DeliveryFailure => failure !== null);
    const delivered = subscribed.length - failures.length;
    if (failures.length > 0) throw new WebhookDeliveryError(eventId, failures, delivered);
    return { delivered, failed: 0 };
  };
}

/** The function's dependencies from its configuration and clients: in AWS (below) and locally (local/runtime/handlers.ts). */
export function wire(
  config: FunctionConfig<'DeliverWebhooks'>,
  clients: Pick<HandlerClients, 'documents'>,
  options: { allowLoopback?: boolean } = {},
): DeliverWebhooksDeps {
  return { webhooks: new DynamoWebhookRegistry(clients.documents, config.TABLE_NAME), ...(options.allowLoopback ? { allowLoopback: true } : {}) };
}

const config = functionConfig('DeliverWebhooks');

export const handler = withObservability(createDeliverWebhooksHandler(wire(config, { documents: documentClient(config.AWS_REGION) })));
