/**
 * The local stand-in for the EventBridge bus: every event put on it is appended to
 * ATTUNE_HOME/events.ndjson in EventBridge's envelope and, when ATTUNE_WEBHOOK_URL is set, POSTed there as
 * JSON (as an API destination would). It serves both the EventBus port and the workflow's
 * `events:putEvents` tasks (PublishCompleted, PublishFailed), which put the detail the workflow built.
 */
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { EventBus } from '../../lambdas/ports/event-bus.js';
import { EVENT_SOURCE, SessionEventDetailSchema, type SessionEventDetail, type SessionEventType } from '../../schemas/workflow.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../runtime/home.js';

/** An event as EventBridge delivers it to a target. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

interface PutEventsEntry {
  Detail?: unknown;
  DetailType?: string;
  EventBusName?: string;
  Source?: string;
}

/** The optimized integration's error when the bus refuses an entry (the workflow retries it). */
export class FailedEntryError extends Error {
  override readonly name = 'EventBridge.FailedEntry';
}

export interface LocalEventBusOptions {
  busName: string;
  /** The NDJSON file every event is appended to. */
  file: string;
  /** POST each event here when set. */
  webhookUrl?: string;
  /** Told when a POST fails: delivery to a target never fails the put, as in EventBridge. */
  onDeliveryError?: (message: string) => void;
  /** @default 5000 */
  webhookTimeoutMs?: number;
}

export class LocalEventBus implements EventBus {
  private written: Promise<void> = Promise.resolve();
  private readonly deliveries = new Set<Promise<void>>();
  private readonly listeners: ((event: BusEvent) => void)[] = [];

  constructor(private readonly options: LocalEventBusOptions) {}

  onEvent(listener: (event: BusEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The port, as the EventBridge adapter does it: the detail is re-parsed so only its schema's fields leave. */
  async publish(detailType: SessionEventType, detail: SessionEventDetail): Promise<void> {
    await this.put({ Source: EVENT_SOURCE, DetailType: detailType, Detail: SessionEventDetailSchema.parse(detail) });
  }

  /** `arn:aws:states:::events:putEvents`: the task's Parameters in, PutEvents' answer out. */
  async putEvents(parameters: unknown): Promise<{ Entries: { EventId: string }[]; FailedEntryCount: number }> {
    const entries = ((parameters as { Entries?: PutEventsEntry[] } | null)?.Entries ?? []) as PutEventsEntry[];
    const refused = entries.filter((entry) => !this.isThisBus(entry.EventBusName) || !entry.Source || !entry.DetailType);
    if (refused.length > 0) throw new FailedEntryError(`${refused.length} of ${entries.length} entries were refused: the bus is ${this.options.busName}`);
    const ids: { EventId: string }[] = [];
    for (const entry of entries) ids.push({ EventId: await this.put(entry) });
    return { Entries: ids, FailedEntryCount: 0 };
  }

  /** Waits for the file writes and webhook POSTs still in flight. */
  async flush(): Promise<void> {
    await this.written;
    await Promise.allSettled([...this.deliveries]);
  }

  private isThisBus(name: string | undefined): boolean {
    return name === undefined || name === this.options.busName || name.endsWith(`:event-bus/${this.options.busName}`);
  }

  private async put(entry: PutEventsEntry): Promise<string> {
    const detail = typeof entry.Detail === 'string' ? (JSON.parse(entry.Detail) as unknown) : (entry.Detail ?? {});
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType ?? '',
      source: entry.Source ?? '',
      account: LOCAL_ACCOUNT,
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: [],
      detail,
    };
    const line = `${JSON.stringify(event)}\n`;
    // Appends are chained so lines never interleave; one failed append does not block the next.
    const write = this.written.then(() => appendFile(this.options.file, line, { mode: 0o600 }));
    this.written = write.catch(() => undefined);
    await write;
    for (const listener of this.listeners) listener(event);
    if (this.options.webhookUrl) this.deliver(this.options.webhookUrl, event);
    return event.id;
  }

  private deliver(url: string, event: BusEvent): void {
    const delivery = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(this.options.webhookTimeoutMs ?? 5000),
    })
      .then((response) => {
        if (!response.ok) this.options.onDeliveryError?.(`the webhook answered ${response.status} to the ${event['detail-type']} event`);
      })
      .catch((error: unknown) => {
        this.options.onDeliveryError?.(`the ${event['detail-type']} event could not be POSTed to ATTUNE_WEBHOOK_URL (${(error as Error).message})`);
      })
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }
}
