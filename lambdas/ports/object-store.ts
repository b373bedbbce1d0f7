/**
 * Object storage as the handlers need it (S3 in AWS; a local store on one machine). Keys are the
 * project's key layout; the adapter knows the bucket.
 */
export interface StoredObjectInfo {
  bytes: number;
  versionId?: string;
  /** User metadata (`x-amz-meta-*` in S3), names lower-cased without the prefix. */
  metadata: Record<string, string>;
  contentType?: string;
}

export interface PresignPutOptions {
  contentType: string;
  /** User metadata names without the `x-amz-meta-` prefix. */
  metadata: Record<string, string>;
  expiresInSeconds: number;
  /**
   * The exact size of the one object the URL may carry: the size the uploader declared. When given, the
   * content length is part of the signature (a PUT of any other size is refused), the URL lives at most
   * {@link MAX_BOUND_UPLOAD_SECONDS}, and the object carries it as `x-amz-meta-declared-bytes`, which binds
   * it to the session the API created for it: ValidateUpload takes such an upload only for a session still
   * AWAITING_UPLOAD and only at exactly this size, and refuses and deletes anything else (an erased
   * session's URL used late, a second PUT). Every URL the API issues for a session gives it.
   */
  contentLength?: number;
}

/** The longest a size-bound upload URL lives: long enough to start an upload, short enough to outlive little. */
export const MAX_BOUND_UPLOAD_SECONDS = 3600;

export interface PresignedPut {
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

export interface ObjectStore {
  /** Information about an object, or null when it does not exist. */
  head(bucket: string, key: string): Promise<StoredObjectInfo | null>;
  /** The first `length` bytes (for sniffing a header) or, without it, the whole object. */
  read(bucket: string, key: string, length?: number): Promise<Uint8Array>;
  /**
   * Writes an object, encrypted at rest with the deployment's key. `metadata` becomes user metadata
   * (`x-amz-meta-<name>`), as an uploader's PUT would set it.
   */
  write(bucket: string, key: string, body: Uint8Array | string, contentType: string, metadata?: Record<string, string>): Promise<void>;
  /**
   * A URL a caller can PUT one object to without credentials, until `expiresInSeconds` pass. The caller
   * must send exactly `headers` (content type, metadata, encryption): they are part of the signature. A
   * URL bound to a `contentLength` also signs the PUT's Content-Length, which every HTTP client sets from
   * its body: the body must be exactly that many bytes.
   */
  presignPut(bucket: string, key: string, options: PresignPutOptions): Promise<PresignedPut>;
  /**
   * Deletes every object under the prefix, with every version and delete marker. Answers what went, by
   * key (for deletion receipts); empty when there was nothing.
   */
  deletePrefix(bucket: string, prefix: string): Promise<{ key: string; versions: number }[]>;
  /**
   * Deletes the object and every version and delete marker of it (a versioned bucket keeps old versions
   * otherwise). Returns how many versions were removed; 0 when there was nothing left.
   */
  deleteAllVersions(bucket: string, key: string): Promise<number>;
  /** Deletes one version of an object (a duplicate upload's own version); 0 when it is already gone. */
  deleteVersion(bucket: string, key: string, versionId: string): Promise<number>;
}
