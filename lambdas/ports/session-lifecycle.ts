/**
 * Conditional writes on a session item that end its life: failing a session whose execution stopped without
 * running its failure path, and claiming a session for one erasure. Both are single conditional writes, so
 * of two callers racing exactly one wins. The DynamoDB adapter (DynamoSessionRepository) implements them
 * beside the SessionRepository port.
 */
import type { Failure } from '../../schemas/session-record.js';
import type { SessionKey } from './session-repository.js';

export interface UnfinishedSessions {
  /**
   * Marks the session FAILED with the reason, only while it is RECEIVED, TRANSCRIBING or ANALYZING and its
   * record was written by `executionId`; answers whether it did. A session that completed, failed with its
   * own reason, was erased, or was started again by another execution is left as it is.
   */
  failUnfinished(key: SessionKey, failure: Failure, executionId: string): Promise<boolean>;
}

/** One erasure's hold on a session: the receipt it will answer, who asked and when. Ids only. */
export interface ErasureClaim {
  receiptId: string;
  requestedBy: string;
  /** ISO time the claim was made. */
  claimedAt: string;
}

export type ErasureClaimAnswer =
  /** This erasure holds the session: erase it, the item last (deleting it ends the claim). */
  | { claimed: true }
  /** Another erasure holds it, and has not been abandoned. */
  | { claimed: false; reason: 'claimed'; heldBy: ErasureClaim }
  /** The session is being processed (and not stuck past the workflow's time limit). */
  | { claimed: false; reason: 'processing' }
  /** The session item is gone (another erasure finished first). */
  | { claimed: false; reason: 'gone' };

export interface ErasureClaims {
  /**
   * Claims the session for one erasure, conditionally: it exists, no other live claim holds it (a claim older
   * than `abandonedBefore` belongs to a request that died and is taken over), and it is not being processed
   * unless its last change is older than `stuckBefore` (its workflow can no longer write to it).
   */
  claimErasure(key: SessionKey, claim: ErasureClaim, limits: { abandonedBefore: string; stuckBefore: string }): Promise<ErasureClaimAnswer>;
  /** Lets go of this erasure's claim (it failed midway), so the erasure can be asked for again at once. */
  releaseErasure(key: SessionKey, receiptId: string): Promise<void>;
}
