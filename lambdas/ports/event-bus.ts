import type { SessionEventDetail } from '../../schemas/workflow.js';

/** Session lifecycle events (EventBridge in AWS; a recording bus locally). Ids and scores only. */
export interface EventBus {
  publish(detailType: 'attune.session.completed' | 'attune.session.failed', detail: SessionEventDetail): Promise<void>;
}
