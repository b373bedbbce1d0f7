/**
 * Which operation answers each route of the table (schemas/routes.ts). The map is keyed by every
 * OperationId, so a route added to the table without an operation here does not compile.
 */
import { Access, type ApiDeps, type Operation, type Operations, type OperationSet } from './context.js';
import { createAuditOperations } from './operations/audit.js';
import { createClientOperations } from './operations/clients.js';
import { createEraseOperations } from './operations/erase.js';
import { createMetaOperations } from './operations/meta.js';
import { createNoteOperations } from './operations/notes.js';
import { createRiskOperations } from './operations/risk.js';
import { createSessionOperations } from './operations/sessions.js';
import { createSupervisionOperations } from './operations/supervision.js';
import { createWebhookOperations } from './operations/webhooks.js';
import type { OperationId } from '../../schemas/routes.js';

/**
 * The named operations of a feature. A feature declares only that it implements some operations
 * (OperationSet), so one named here that it lacks fails when the handler is built, not on a request.
 */
function take<Id extends OperationId>(feature: OperationSet, ...ids: Id[]): Record<Id, Operation> {
  return Object.fromEntries(
    ids.map((id) => {
      const operation = feature[id];
      if (!operation) throw new Error(`the API has no operation ${id}: the feature it is taken from does not implement it`);
      return [id, operation];
    }),
  ) as Record<Id, Operation>;
}

export function createOperations(deps: ApiDeps): Operations {
  const access = new Access(deps);
  return {
    ...take(createMetaOperations(deps), 'getOpenApi'),
    ...take(createSessionOperations(deps, access), 'createSession', 'getSession'),
    ...take(createRiskOperations(deps), 'listReviewQueue'),
    ...take(createNoteOperations(deps, access), 'getNote', 'editNote', 'signNote'),
    ...take(createSupervisionOperations(deps, access), 'getSupervision'),
    ...take(createClientOperations(deps, access), 'listClients', 'listClientSessions', 'getClientAlliance'),
    ...take(createEraseOperations(deps, access), 'deleteSession', 'deleteClient'),
    ...take(createWebhookOperations(deps, access), 'createWebhook', 'listWebhooks', 'deleteWebhook'),
    ...take(createAuditOperations(deps, access), 'listAudit'),
  };
}
