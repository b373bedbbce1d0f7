/**
 * A client's treatment plan versions and the scores entered for them (issue 16), kept under the client in
 * the sessions table (DynamoDB in AWS, dynalite locally). Writes of the plan are conditional on the version
 * read, as a note's are: of two concurrent edits or signatures, one wins and the other is refused.
 */
import type { MeasureRecord, PlanSignature, PlanVersion } from '../../schemas/plan.js';

export interface ClientKey {
  tenantId: string;
  clientId: string;
}

/** What the writer read: the current version number (0 when none is stored) and whether it was signed. */
export interface PlanExpectation {
  version: number;
  signed: boolean;
}

/** What erasing a client's plans and measures removed: stored items, counted. */
export interface PlanRemoval {
  /** The plan's current-version item and every stored version. */
  planRecords: number;
  measureRecords: number;
}

export interface ClientPlanStore {
  /** The latest stored version, or null when no version was ever stored. */
  current(key: ClientKey): Promise<PlanVersion | null>;
  /** One stored version (the current one or an earlier one), or null. */
  version(key: ClientKey, version: number): Promise<PlanVersion | null>;
  /**
   * Stores `next` (version expected.version + 1) as the current version, when the current one is still what
   * the writer read (`expected`); answers false, writing nothing current, when it is not.
   */
  writeVersion(key: ClientKey, next: PlanVersion, expected: PlanExpectation): Promise<boolean>;
  /** Signs the current version, when it is still `version` and unsigned; answers false otherwise. */
  sign(key: ClientKey, version: number, signature: PlanSignature, plan: PlanVersion['plan']): Promise<boolean>;
  addMeasure(key: ClientKey, measure: MeasureRecord): Promise<void>;
  /** Every entered score of the client, oldest date first. */
  listMeasures(key: ClientKey): Promise<MeasureRecord[]>;
  /** Removes the client's plan, every plan version and every entered score. */
  removeAll(key: ClientKey): Promise<PlanRemoval>;
}
