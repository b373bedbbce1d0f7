import type { Access, ApiDeps, OperationSet } from '../context.js';

export function createWebhookOperations(_deps: ApiDeps, _access?: Access): OperationSet {
  return {};
}
