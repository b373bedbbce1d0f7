import type { Access, ApiDeps, OperationSet } from '../context.js';

export function createClientOperations(_deps: ApiDeps, _access?: Access): OperationSet {
  return {};
}
