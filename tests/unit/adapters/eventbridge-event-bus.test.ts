/** The EventBridge adapter MarkFailed publishes through for an execution that ended outside its failure path. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBridgeEventBus, EventPublishError } from '../../../lambdas/adapters/eventbridge/event-bus.js';
import type { SessionEventDetail } from '../../../schemas/workflow.js';

const eventBridge = mockClient(EventBridgeClient);
afterEach(() => eventBridge.reset());

const bus = () => new EventBridgeEventBus(new EventBridgeClient({ region: 'eu-west-1' }), 'attune-events');

const detail: SessionEventDetail = {
  tenantId: 'acme',
  clientId: 'c-17',
  sessionId: 's-0042',
  status: 'COMPLETED',
  overall: 71,
  dimensions: { therapeuticRelationship: 78, collaborativeProgress: null },
};

describe('EventBridgeEventBus', () => {
  it('publishes one entry from source attune on the configured bus', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });

    await bus().publish('attune.session.completed', detail);

    const entries = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries ?? [];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ EventBusName: 'attune-events', Source: 'attune', DetailType: 'attune.session.completed' });
    expect(JSON.parse(entries[0]!.Detail!)).toEqual(detail);
  });

  it('strips any field the event schema does not have, so no text reaches subscribers', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    const smuggled = { ...detail, note: 'Client reported arguing with her sister.' } as SessionEventDetail;

    await bus().publish('attune.session.completed', smuggled);

    const sent = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!;
    expect(sent).not.toContain('sister');
  });

  it('throws when EventBridge accepted the call but not the entry', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] });

    const attempt = bus().publish('attune.session.failed', { ...detail, status: 'FAILED', failureCode: 'transcription_failed' });

    await expect(attempt).rejects.toBeInstanceOf(EventPublishError);
    await expect(attempt).rejects.toThrow(/ThrottlingException/);
  });
});
