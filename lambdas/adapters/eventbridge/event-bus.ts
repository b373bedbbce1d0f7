/**
 * The EventBridge adapter of the EventBus port: one PutEvents entry per session event, source `attune`, as
 * the workflow's PublishCompleted and PublishFailed states put them. MarkFailed publishes through it for an
 * execution that ended outside its failure path (locally, LocalEventBus serves the port). The detail is
 * re-parsed with its schema before it leaves, so a field added by mistake (a note, a quote) is stripped
 * rather than published to every subscriber of the bus.
 */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AttuneError } from '../../core/errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import { EVENT_SOURCE, SessionEventDetailSchema, type SessionEventDetail, type SessionEventType } from '../../../schemas/workflow.js';

/** EventBridge accepted the call but not the entry (throttled, bus missing, too large, …). */
export class EventPublishError extends AttuneError {
  constructor(detailType: string, errorCode: string) {
    super(
      `EventBridge did not accept the ${detailType} event (${errorCode}); check the bus name and the function's events:PutEvents permission`,
      'event_not_published',
    );
  }
}

export class EventBridgeEventBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    /** The Attune bus, by name or ARN (`EVENT_BUS_NAME`). */
    private readonly eventBusName: string,
  ) {}

  async publish(detailType: SessionEventType, detail: SessionEventDetail): Promise<void> {
    const output = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: EVENT_SOURCE,
            DetailType: detailType,
            Detail: JSON.stringify(SessionEventDetailSchema.parse(detail)),
          },
        ],
      }),
    );
    // PutEvents succeeds at the HTTP level even when entries fail; only FailedEntryCount tells.
    if ((output.FailedEntryCount ?? 0) > 0) {
      throw new EventPublishError(detailType, output.Entries?.[0]?.ErrorCode ?? 'unknown error');
    }
  }
}
