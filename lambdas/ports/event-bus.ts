import type { SessionEventDetail, SessionEventType } from '../../schemas/workflow.js';

/** Session lifecycle events (EventBridge in AWS; a recording bus locally). Ids and scores only. */
export interface EventBus {
  publish(detailType: SessionEventType, detail: SessionEventDetail): Promise<void>;
}
