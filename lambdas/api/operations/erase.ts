import type { Access, ApiDeps, OperationSet } from '../context.js';

export function createEraseOperations(_deps: ApiDeps, _access?: Access): OperationSet {
  return {};
}
