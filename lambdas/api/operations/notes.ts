import type { Access, ApiDeps, OperationSet } from '../context.js';

export function createNoteOperations(_deps: ApiDeps, _access?: Access): OperationSet {
  return {};
}
