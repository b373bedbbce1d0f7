import type { Access, ApiDeps, OperationSet } from '../context.js';

export function createMetaOperations(_deps: ApiDeps, _access?: Access): OperationSet {
  return {};
}
