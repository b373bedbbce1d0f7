/**
 * The S3 adapter of the ObjectStore port. Every object it writes is encrypted with the deployment's
 * customer-managed KMS key, whatever the bucket's default says, so a misconfigured bucket cannot leave a
 * transcript under an AWS-managed key.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AttuneError } from '../../core/errors.js';
import type { ObjectStore, StoredObjectInfo } from '../../ports/object-store.js';

/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

export interface S3ObjectStoreOptions {
  client: S3Client;
  /**
   * Key id, alias or ARN of the customer-managed key every written object is encrypted with. A function
   * that only reads and deletes is not given one; writing without it is refused.
   */
  kmsKeyId?: string;
}

/** Some versions could not be deleted: names the key and S3's error codes, never object content. */
export class ObjectDeletionError extends AttuneError {}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string | undefined {
  return (error as { name?: unknown } | null)?.name as string | undefined;
}

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly kmsKeyId: string | undefined;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.kmsKeyId = options.kmsKeyId;
  }

  async head(bucket: string, key: string): Promise<StoredObjectInfo | null> {
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(output.Metadata ?? {})) metadata[name.toLowerCase()] = value;
      return {
        bytes: output.ContentLength ?? 0,
        metadata,
        ...(output.VersionId ? { versionId: output.VersionId } : {}),
        ...(output.ContentType ? { contentType: output.ContentType } : {}),
      };
    } catch (error) {
      // HEAD responses have no body, so S3's "NoSuchKey" arrives as a bare 404 named NotFound.
      if (nameOf(error) === 'NotFound' || nameOf(error) === 'NoSuchKey' || statusOf(error) === 404) return null;
      throw error;
    }
  }

  async read(bucket: string, key: string, length?: number): Promise<Uint8Array> {
    const range = length !== undefined && length > 0 ? `bytes=0-${length - 1}` : undefined;
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }));
      if (!output.Body) return new Uint8Array();
      return await output.Body.transformToByteArray();
    } catch (error) {
      // A range on an empty object is "not satisfiable": there are simply no bytes to sniff.
      if (range && (nameOf(error) === 'InvalidRange' || statusOf(error) === 416)) return new Uint8Array();
      throw error;
    }
  }

  async write(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    if (!this.kmsKeyId) throw new AttuneError('this object store was created without a KMS key, so it may not write: set KMS_KEY_ID', 'kms_key_missing');
    await this.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.kmsKeyId,
        // One data key per bucket instead of per object: fewer KMS calls, same key.
        BucketKeyEnabled: true,
      }),
    );
  }

  async deleteAllVersions(bucket: string, key: string): Promise<number> {
    let deleted = 0;
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: key,
          ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}),
          ...(versionIdMarker !== undefined ? { VersionIdMarker: versionIdMarker } : {}),
        }),
      );
      // The prefix also matches longer keys (`s1.wav` matches `s1.wav.bak`): only the exact key is ours to delete.
      const versions: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((entry) => entry.Key === key)
        .map((entry) => ({ Key: key, ...(entry.VersionId ? { VersionId: entry.VersionId } : {}) }));
      for (let start = 0; start < versions.length; start += DELETE_BATCH) {
        deleted += await this.deleteBatch(bucket, key, versions.slice(start, start + DELETE_BATCH));
      }
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    } while (keyMarker !== undefined || versionIdMarker !== undefined);
    return deleted;
  }

  async deleteVersion(bucket: string, key: string, versionId: string): Promise<number> {
    // DeleteObjects reports a version that no longer exists as deleted, so a retry is harmless.
    return this.deleteBatch(bucket, key, [{ Key: key, VersionId: versionId }]);
  }

  private async deleteBatch(bucket: string, key: string, objects: ObjectIdentifier[]): Promise<number> {
    const output = await this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    const errors = output.Errors ?? [];
    if (errors.length > 0) {
      const codes = [...new Set(errors.map((e) => e.Code ?? 'unknown'))].join(', ');
      throw new ObjectDeletionError(`${errors.length} of ${objects.length} versions of ${key} could not be deleted (${codes}); the step will be retried`, 'delete_failed');
    }
    return objects.length;
  }
}
