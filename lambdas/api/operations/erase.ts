/**
 * Erasure: `DELETE /sessions/{id}` and `DELETE /clients/{clientId}` remove every trace of a session or a
 * client and answer a deletion receipt listing what went (ids and keys only, never content). What is
 * erased, and in which order, is the use cases' (lambdas/use-cases/erase-session.ts, erase-client.ts),
 * shared with the local retention sweep and ExpireSessions; here are the caller's access, the receipt's
 * requester and the HTTP answer.
 */
import type { DeletionReceipt } from '../../../schemas/api.js';
import type { ErasureRequest } from '../../core/erasure/receipt.js';
import { eraseClient, type ClientEraserDeps } from '../../use-cases/erase-client.js';
import { ErasureInProgressError, eraseSession } from '../../use-cases/erase-session.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import type { Principal } from '../principal.js';
import { Problem } from '../problem.js';

const RETRY_AFTER_SECONDS = '30';

/** A session still being processed is a 409 the caller may retry after a while. */
async function refusingInProgress<T>(erase: () => Promise<T>): Promise<T> {
  try {
    return await erase();
  } catch (error) {
    if (error instanceof ErasureInProgressError) throw new Problem('conflict', error.message, { headers: { 'retry-after': RETRY_AFTER_SECONDS } });
    throw error;
  }
}

export function createEraseOperations(deps: ApiDeps, access: Access): OperationSet<'deleteSession' | 'deleteClient'> {
  const eraser: ClientEraserDeps = {
    sessions: deps.sessions,
    clients: deps.clients,
    plans: deps.plans,
    idempotency: deps.idempotency,
    objects: deps.objects,
    buckets: { uploads: deps.config.uploadsBucket, artifacts: deps.config.artifactsBucket },
  };

  function request(principal: Principal): ErasureRequest {
    return { receiptId: deps.newId(), requestedBy: principal.userId, deletedAt: deps.now().toISOString() };
  }

  /** Answers the receipt once the local runtime (if any) has made the deleted bytes unreadable. */
  async function answer(ctx: RequestContext, erased: DeletionReceipt) {
    await deps.afterErase?.();
    ctx.touched.receiptId = erased.receiptId;
    return json(200, erased);
  }

  return {
    async deleteSession(ctx: RequestContext) {
      const { principal } = ctx;
      const record = await access.session(principal, ctx.params.id!, { content: true });
      ctx.touched.sessionId = record.sessionId;
      ctx.touched.clientId = record.clientId;
      return answer(ctx, await refusingInProgress(() => eraseSession(eraser, record, request(principal))));
    },

    async deleteClient(ctx: RequestContext) {
      const { principal } = ctx;
      const clientId = ctx.params.clientId!;
      const assignment = await access.client(principal, clientId);
      ctx.touched.clientId = clientId;
      const client = { tenantId: principal.tenantId, clientId, assigned: assignment !== null };
      return answer(ctx, await refusingInProgress(() => eraseClient(eraser, client, request(principal))));
    },
  };
}
