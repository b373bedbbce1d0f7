import type { Access, ApiDeps, OperationSet } from '../context.js';

export function createSessionOperations(_deps: ApiDeps, _access?: Access): OperationSet {
  return {};
}
