/**
 * Webhook delivery in the local runtime: the local bus's counterpart of the EventBridge rule that sends
 * `attune.session.completed` and `attune.session.failed` to the DeliverWebhooks function. Each such event
 * is handed to the same handler as in AWS; when it throws (a receiver was down or answered an error), the
 * event is handed over again after a pause, as a failed asynchronous invocation is retried in AWS, and
 * after the last attempt the runtime warns and drops it. A retry reaches every webhook again: receivers
 * dedupe on `attune-event-id`.
 *
 * This sits beside the bus's own ATTUNE_WEBHOOK_URL forwarding (local/stand-ins/event-bus.ts), which it leaves as it is.
 */
import { SessionEventTypeSchema } from '../../schemas/workflow.js';
import type { BusEvent, LocalEventBus } from '../stand-ins/event-bus.js';

/**
 * `ATTUNE_ALLOW_LOOPBACK_WEBHOOKS=1`: webhooks may point at this machine (http://localhost, 127.0.0.1,
 * [::1]), for a developer's test receiver. For development only: without it the local runtime keeps the
 * rule of AWS (public addresses only, checked at registration and again on every address a host name
 * resolves to when a delivery connects). Nothing else that is not public is ever allowed.
 * The runtime passes it to the API (registration) and to DeliverWebhooks (`wire(…, { allowLoopback })`).
 */
export const ALLOW_LOOPBACK_WEBHOOKS_VARIABLE = 'ATTUNE_ALLOW_LOOPBACK_WEBHOOKS';

/** Whether `env` opts in to loopback webhooks: exactly "1" or "true"; anything else is no. */
export function loopbackWebhooksAllowed(env: NodeJS.ProcessEnv): boolean {
  const value = env[ALLOW_LOOPBACK_WEBHOOKS_VARIABLE]?.trim().toLowerCase();
  return value === '1' || value === 'true';
}

/** The pauses before the second and third attempts. */
export const DEFAULT_RETRY_DELAYS_MS = [500, 2000] as const;

/** The events the AWS rule matches. */
const DELIVERED_TYPES: ReadonlySet<string> = new Set(SessionEventTypeSchema.options);

export interface WebhookDeliveryOptions {
  /** One pause per retry; its length is the number of retries. @default [500, 2000] */
  retryDelaysMs?: readonly number[];
}

/** Stops delivering (pending retries are dropped); `idle()` settles when nothing is in flight or waiting. */
export interface DetachWebhookDelivery {
  (): void;
  idle(): Promise<void>;
}

/** A message fit for a terminal: any URL in it loses its query and fragment, which can hold a receiver's token. */
function withoutQueries(message: string): string {
  return message.replace(/\b(https?:\/\/[^\s?#]*)[?#][^\s)]*/gi, '$1');
}

export function attachWebhookDelivery(
  bus: Pick<LocalEventBus, 'onEvent'>,
  deliver: (event: BusEvent) => Promise<unknown>,
  onWarning: (message: string) => void,
  options: WebhookDeliveryOptions = {},
): DetachWebhookDelivery {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const attempts = delays.length + 1;
  const running = new Set<Promise<void>>();
  const timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  let detached = false;

  /** Resolves after `ms`, or at once when delivery is detached. */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => wake(), ms), wake: () => wake() };
      function wake() {
        clearTimeout(entry.timer);
        timers.delete(entry);
        resolve();
      }
      timers.add(entry);
    });
  }

  async function deliverWithRetries(event: BusEvent): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await deliver(event);
        return;
      } catch (error) {
        if (detached) return;
        if (attempt === attempts) {
          const reason = withoutQueries(error instanceof Error ? error.message : String(error));
          onWarning(`the ${event['detail-type']} event ${event.id} was not delivered to every webhook after ${attempts} attempts; gave up: ${reason}`);
          return;
        }
        await pause(delays[attempt - 1] ?? 0);
        if (detached) return;
      }
    }
  }

  bus.onEvent((event) => {
    if (detached || event.source !== 'attune' || !DELIVERED_TYPES.has(event['detail-type'])) return;
    const run = deliverWithRetries(event)
      .catch(() => undefined)
      .finally(() => running.delete(run));
    running.add(run);
  });

  const detach = (() => {
    detached = true;
    for (const entry of [...timers]) entry.wake();
  }) as DetachWebhookDelivery;
  detach.idle = async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  return detach;
}
