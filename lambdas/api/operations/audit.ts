import type { Access, ApiDeps, OperationSet } from '../context.js';

export function createAuditOperations(_deps: ApiDeps, _access?: Access): OperationSet {
  return {};
}
