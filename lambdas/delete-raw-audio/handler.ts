/**
 * DeleteRawAudio: removes an upload and every version and delete marker of it, once its transcript exists,
 * on the failure path, and for a duplicate upload. Idempotent: a second run finds nothing and answers 0.
 * The deletion and its refusals are the use case MarkFailed shares (lambdas/use-cases/delete-raw-audio.ts);
 * reading the state is this handler's.
 */
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import type { ObjectStore } from '../ports/object-store.js';
import { deleteRawUpload } from '../use-cases/delete-raw-audio.js';
import { objectStore, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig, type HandlerConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logInfo } from '../shared/observability.js';

export { DeletionRefusedError } from '../use-cases/delete-raw-audio.js';

export interface DeleteRawAudioDeps {
  store: ObjectStore;
  config: Pick<HandlerConfig, 'UPLOADS_BUCKET'>;
}

const InputSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  /**
   * For a duplicate upload: delete only this version. The first upload's execution may still be
   * transcribing the object, and it deletes every version itself when it is done.
   */
  onlyVersionId: z
    .string()
    .optional()
    .transform((value) => value || undefined),
});

export function createDeleteRawAudioHandler(deps: DeleteRawAudioDeps) {
  const { store, config } = deps;
  return async function deleteRawAudio(input: unknown): Promise<{ versionsDeleted: number }> {
    const parsed = InputSchema.safeParse(input);
    if (!parsed.success) throw new InvalidInputError('DeleteRawAudio needs {bucket, key}', 'invalid_state_input');
    const versionsDeleted = await deleteRawUpload({ store, uploadsBucket: config.UPLOADS_BUCKET }, parsed.data);
    logInfo('raw upload deleted', { versionsDeleted });
    return { versionsDeleted };
  };
}

/** The function's dependencies from its configuration and clients: in AWS (below) and locally (local/runtime/handlers.ts). */
export function wire(config: FunctionConfig<'DeleteRawAudio'>, clients: Pick<HandlerClients, 'objects'>): DeleteRawAudioDeps {
  return { store: clients.objects, config };
}

const config = functionConfig('DeleteRawAudio');

export const handler = withObservability(createDeleteRawAudioHandler(wire(config, { objects: objectStore(config) })));
