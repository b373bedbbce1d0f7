import type { Page } from './session-repository.js';

/** A client of a tenant and the clinician responsible for them. No names: the id is the caller's. */
export interface ClientAssignment {
  tenantId: string;
  clientId: string;
  clinicianId: string;
  createdAt: string;
}

/**
 * Which clinician each client belongs to (DynamoDB in AWS, dynalite locally): a clinician sees only
 * their own clients' sessions. Items live under one partition per tenant, so listing is a Query.
 */
export interface ClientDirectory {
  get(tenantId: string, clientId: string): Promise<ClientAssignment | null>;
  /**
   * Assigns the client to the clinician when it has no clinician yet (conditional write). Answers the
   * assignment that holds afterwards: the caller's, or the one that was already there.
   */
  assign(assignment: ClientAssignment): Promise<ClientAssignment>;
  /**
   * An admin's explicit assignment: the client becomes the clinician's, whoever held it before. Keeps the
   * first assignment's `createdAt` (the given one when the client had none). Answers the assignment that
   * holds afterwards and the clinician who held the client before (null when none did).
   */
  setClinician(assignment: ClientAssignment): Promise<{ assignment: ClientAssignment; previousClinicianId: string | null }>;
  /** A tenant's clients, by client id; only one clinician's when `clinicianId` is given. */
  list(tenantId: string, options: { limit: number; cursor?: string; clinicianId?: string }): Promise<Page<ClientAssignment>>;
  /** Removes the assignment; answers whether there was one. */
  remove(tenantId: string, clientId: string): Promise<boolean>;
}
