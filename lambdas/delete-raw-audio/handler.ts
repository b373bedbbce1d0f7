/**
 * DeleteRawAudio: removes an upload and every version and delete marker of it, once its transcript exists,
 * on the failure path, and for a duplicate upload. Idempotent: a second run finds nothing and answers 0.
 */
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import type { ObjectStore } from '../ports/object-store.js';
import { objectStore, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig, type HandlerConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logInfo } from '../shared/observability.js';
import { UPLOAD_PREFIX } from '../core/upload/index.js';

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

/** The function may delete uploads and nothing else, whatever input reaches it. */
export class DeletionRefusedError extends InvalidInputError {}

function refusal(bucket: string, key: string, uploadsBucket: string): string | null {
  if (bucket !== uploadsBucket) return 'the bucket is not the uploads bucket';
  if (!key.startsWith(UPLOAD_PREFIX) || key.length === UPLOAD_PREFIX.length) return `the key is not under ${UPLOAD_PREFIX}`;
  // S3 keys are literal, but anything that resolves paths would read `uploads/../x` as `x`.
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) return 'the key has a "." or ".." segment';
  return null;
}

export function createDeleteRawAudioHandler(deps: DeleteRawAudioDeps) {
  const { store, config } = deps;
  return async function deleteRawAudio(input: unknown): Promise<{ versionsDeleted: number }> {
    const parsed = InputSchema.safeParse(input);
    if (!parsed.success) throw new InvalidInputError('DeleteRawAudio needs {bucket, key}', 'invalid_state_input');
    const { bucket, key, onlyVersionId } = parsed.data;
    const refused = refusal(bucket, key, config.UPLOADS_BUCKET);
    if (refused) throw new DeletionRefusedError(`refused to delete: ${refused}; only uploads are deleted by this step`, 'deletion_refused');
    const versionsDeleted = onlyVersionId ? await store.deleteVersion(bucket, key, onlyVersionId) : await store.deleteAllVersions(bucket, key);
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
