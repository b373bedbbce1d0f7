/**
 * Which operation answers each route of the table (schemas/routes.ts). The map is keyed by every
 * OperationId and each feature names the operations it implements (OperationSet<…>), so a route added to
 * the table without an operation, or a feature that lacks one it names, does not compile.
 */
import { Access, type ApiDeps, type Operations } from './context.js';
import { createAuditOperations } from './operations/audit.js';
import { createClientOperations } from './operations/clients.js';
import { createEraseOperations } from './operations/erase.js';
import { createMetaOperations } from './operations/meta.js';
import { createNoteOperations } from './operations/notes.js';
import { createPlanOperations } from './operations/plans.js';
import { createRiskOperations } from './operations/risk.js';
import { createSessionOperations } from './operations/sessions.js';
import { createSupervisionOperations } from './operations/supervision.js';
import { createWebhookOperations } from './operations/webhooks.js';

export function createOperations(deps: ApiDeps): Operations {
  const access = new Access(deps);
  return {
    ...createMetaOperations(deps),
    ...createSessionOperations(deps, access),
    ...createRiskOperations(deps),
    ...createNoteOperations(deps, access),
    ...createSupervisionOperations(deps, access),
    ...createClientOperations(deps, access),
    ...createPlanOperations(deps, access),
    ...createEraseOperations(deps, access),
    ...createWebhookOperations(deps, access),
    ...createAuditOperations(deps, access),
  };
}
