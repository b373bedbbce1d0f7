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

export interface ObjectStore {
  /** Information about an object, or null when it does not exist. */
  head(bucket: string, key: string): Promise<StoredObjectInfo | null>;
  /** The first `length` bytes (for sniffing a header) or, without it, the whole object. */
  read(bucket: string, key: string, length?: number): Promise<Uint8Array>;
  /** Writes an object, encrypted at rest with the deployment's key. */
  write(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /**
   * Deletes the object and every version and delete marker of it (a versioned bucket keeps old versions
   * otherwise). Returns how many versions were removed; 0 when there was nothing left.
   */
  deleteAllVersions(bucket: string, key: string): Promise<number>;
  /** Deletes one version of an object (a duplicate upload's own version); 0 when it is already gone. */
  deleteVersion(bucket: string, key: string, versionId: string): Promise<number>;
}
