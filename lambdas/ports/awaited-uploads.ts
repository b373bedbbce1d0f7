/**
 * A session the API created waits for its one upload (AWAITING_UPLOAD), and an upload through the URL it
 * was given may only ever land on that record: never on an erased session's key, never twice. (DynamoDB
 * in AWS, dynalite locally, in the sessions table.)
 */
import type { SessionRecord } from '../../schemas/session-record.js';

export interface AwaitedUploads {
  /**
   * Replaces the session's AWAITING_UPLOAD record with `record` (RECEIVED, or FAILED with why the upload
   * was refused), conditional on that record still existing, still awaiting its upload, and being the same
   * client's. Answers false, writing nothing, when it was erased or expired, or took an upload already:
   * never creates a record, so a late upload cannot bring an erased session back.
   */
  receive(record: SessionRecord): Promise<boolean>;
}
