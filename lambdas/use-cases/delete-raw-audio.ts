/**
 * Deleting a raw upload: the object and every version and delete marker of it (or, for a duplicate upload,
 * its own version only), and nothing outside the uploads bucket's `uploads/` prefix whatever the caller
 * asks. The DeleteRawAudio function does it on the success path, on the failure path and for a duplicate;
 * MarkFailed does it for an execution that timed out, was stopped or failed outside its failure path.
 * Idempotent: a second run finds nothing and answers 0.
 */
import { InvalidInputError } from '../core/errors.js';
import { UPLOAD_PREFIX } from '../core/upload/index.js';
import type { ObjectStore } from '../ports/object-store.js';

export interface DeleteRawUploadDeps {
  store: Pick<ObjectStore, 'deleteAllVersions' | 'deleteVersion'>;
  /** The uploads bucket: the only bucket this deletes from. */
  uploadsBucket: string;
}

export interface RawUpload {
  bucket: string;
  key: string;
  /**
   * Delete only this version (a duplicate upload's own: the first upload's execution may still be
   * transcribing the object, and it deletes every version itself when it is done). Unset or '': every
   * version and delete marker.
   */
  onlyVersionId?: string | undefined;
}

/** Only uploads are deleted, whatever input reaches the deletion. */
export class DeletionRefusedError extends InvalidInputError {}

/** Why `bucket`/`key` is not an upload this may delete, or null when it is. */
export function deletionRefusal(bucket: string, key: string, uploadsBucket: string): string | null {
  if (bucket !== uploadsBucket) return 'the bucket is not the uploads bucket';
  if (!key.startsWith(UPLOAD_PREFIX) || key.length === UPLOAD_PREFIX.length) return `the key is not under ${UPLOAD_PREFIX}`;
  // S3 keys are literal, but anything that resolves paths would read `uploads/../x` as `x`.
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) return 'the key has a "." or ".." segment';
  return null;
}

/**
 * Deletes the upload and answers how many versions went (0 when nothing was left).
 * @throws DeletionRefusedError (`deletion_refused`) for anything but a key under `uploads/` of the uploads bucket
 */
export async function deleteRawUpload(deps: DeleteRawUploadDeps, upload: RawUpload): Promise<number> {
  const { bucket, key, onlyVersionId } = upload;
  const refused = deletionRefusal(bucket, key, deps.uploadsBucket);
  if (refused) throw new DeletionRefusedError(`refused to delete: ${refused}; only uploads are deleted by this step`, 'deletion_refused');
  return onlyVersionId ? deps.store.deleteVersion(bucket, key, onlyVersionId) : deps.store.deleteAllVersions(bucket, key);
}
