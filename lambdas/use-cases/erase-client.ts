/**
 * Erasing a client: every one of their sessions (erase-session.ts), the objects no session item points at
 * any more, their treatment plan with every version and the measures entered for them, and the client's
 * assignment, answered by one deletion receipt. `DELETE /clients/{clientId}`
 * erases through here.
 */
import type { DeletionReceipt } from '../../schemas/api.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { clientKeyPrefix } from '../../schemas/storage-layout.js';
import { NotFoundError } from '../core/errors.js';
import { deletionReceipt, emptyTally, type ErasureRequest } from '../core/erasure/receipt.js';
import type { ClientDirectory } from '../ports/client-directory.js';
import type { ClientPlanStore } from '../ports/client-plans.js';
import type { SessionRepository } from '../ports/session-repository.js';
import { ErasureInProgressError, eraseObjects, eraseSessionTraces, stillProcessing, type SessionEraserDeps } from './erase-session.js';

const PAGE = 100;

export interface ClientEraserDeps extends Omit<SessionEraserDeps, 'sessions'> {
  sessions: Pick<SessionRepository, 'delete' | 'listByClient'>;
  clients: Pick<ClientDirectory, 'remove'>;
  /**
   * The client's plan versions and entered measures (the API's store): counted in the receipt as
   * `planRecords` and `measureRecords`. Every caller that can have stored them (the API) passes it.
   */
  plans?: Pick<ClientPlanStore, 'removeAll'>;
}

export interface ClientToErase {
  tenantId: string;
  clientId: string;
  /** Whether the client directory holds an assignment for the client (read by the caller's access check). */
  assigned: boolean;
}

/** Every session of the client, through every page. */
async function sessionsOf(deps: Pick<ClientEraserDeps, 'sessions'>, tenantId: string, clientId: string): Promise<SessionRecord[]> {
  const all: SessionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.sessions.listByClient(tenantId, clientId, { limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return all;
}

/**
 * Erases the client and answers the receipt. A client with neither an assignment nor a session is
 * {@link NotFoundError}; one with a session still being processed (stillProcessing) is
 * {@link ErasureInProgressError}, and then nothing is erased.
 */
export async function eraseClient(deps: ClientEraserDeps, client: ClientToErase, request: ErasureRequest): Promise<DeletionReceipt> {
  const { tenantId, clientId } = client;
  const sessions = await sessionsOf(deps, tenantId, clientId);
  if (!client.assigned && sessions.length === 0) throw new NotFoundError(`no client ${clientId} exists, or it is not one of yours`, 'client_not_found');
  // A session stuck in processing past the workflow's time limit has no workflow left to write to it: it goes too.
  const busy = sessions.filter((s) => stillProcessing(s, new Date(request.deletedAt))).map((s) => s.sessionId);
  if (busy.length > 0) throw new ErasureInProgressError(`client ${clientId} has sessions still being processed (${busy.join(', ')}); nothing was erased`, busy);

  const removed = emptyTally();
  for (const session of sessions) await eraseSessionTraces(deps, session, removed);
  // Objects no item points at any more (an erasure interrupted earlier, a rejected upload).
  await eraseObjects(deps, (prefix) => clientKeyPrefix(prefix, client), removed);
  if (deps.plans) Object.assign(removed, await deps.plans.removeAll({ tenantId, clientId }));
  if (await deps.clients.remove(tenantId, clientId)) removed.clientRecords += 1;
  return deletionReceipt({ ...request, tenantId, scope: 'client', clientId, sessionIds: sessions.map((s) => s.sessionId) }, removed);
}
