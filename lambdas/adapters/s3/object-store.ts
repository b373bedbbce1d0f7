/**
 * The S3 adapter of the ObjectStore port. Every object it writes, and every upload it presigns, is
 * encrypted with the deployment's customer-managed KMS key, whatever the bucket's default says, so a
 * misconfigured bucket cannot leave a transcript or a recording under an AWS-managed key.
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
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AttuneError } from '../../core/errors.js';
import { MAX_BOUND_UPLOAD_SECONDS, type ObjectStore, type PresignedPut, type PresignPutOptions, type StoredObjectInfo } from '../../ports/object-store.js';
import { METADATA } from '../../core/upload/index.js';

/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

export interface S3ObjectStoreOptions {
  client: S3Client;
  /**
   * Key id, alias or ARN of the customer-managed key every written object is encrypted with. A function
   * that only reads and deletes is not given one; writing without it is refused.
   */
  kmsKeyId?: string;
  /** The clock presigned URLs are dated by. @default () => new Date() */
  now?: () => Date;
}

/** One stored version or delete marker. */
interface VersionEntry {
  key: string;
  versionId?: string;
}

/** Some versions could not be deleted: names the key and S3's error codes, never object content. */
export class ObjectDeletionError extends AttuneError {}

/** A size-bound upload URL: a whole, positive size and a short life. */
function checkBoundUpload(contentLength: number, expiresInSeconds: number): void {
  if (!Number.isSafeInteger(contentLength) || contentLength < 1) {
    throw new AttuneError(`an upload URL is bound to a whole number of bytes, at least 1, not ${contentLength}`, 'invalid_content_length');
  }
  if (expiresInSeconds > MAX_BOUND_UPLOAD_SECONDS) {
    throw new AttuneError(`a size-bound upload URL lives at most ${MAX_BOUND_UPLOAD_SECONDS} s, not ${expiresInSeconds} s`, 'upload_url_too_long');
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string | undefined {
  return (error as { name?: unknown } | null)?.name as string | undefined;
}

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly kmsKeyId: string | undefined;
  private readonly now: () => Date;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.kmsKeyId = options.kmsKeyId;
    this.now = options.now ?? (() => new Date());
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

  async write(bucket: string, key: string, body: Uint8Array | string, contentType: string, metadata?: Record<string, string>): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...(metadata && Object.keys(metadata).length > 0 ? { Metadata: metadata } : {}),
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.requireKmsKey(),
        // One data key per bucket instead of per object: fewer KMS calls, same key.
        BucketKeyEnabled: true,
      }),
    );
  }

  async presignPut(bucket: string, key: string, options: PresignPutOptions): Promise<PresignedPut> {
    const kmsKeyId = this.requireKmsKey();
    await this.requireChecksumsWhenRequired();
    const { contentLength } = options;
    if (contentLength !== undefined) checkBoundUpload(contentLength, options.expiresInSeconds);
    // S3 stores metadata names lower-cased; the headers handed out must be the ones signed.
    const metadata = Object.fromEntries(Object.entries(options.metadata).map(([name, value]) => [name.toLowerCase(), value]));
    if (contentLength !== undefined) metadata[METADATA.declaredBytes] = String(contentLength);
    const headers: Record<string, string> = {
      'content-type': options.contentType,
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': kmsKeyId,
    };
    for (const [name, value] of Object.entries(metadata)) headers[`x-amz-meta-${name}`] = value;
    const signingDate = this.now();
    // The presigner leaves content-type unsigned and hoists every x-amz-* header but the SSE ones into the
    // query string, where the uploader could drop or change them. Signing them all as headers makes S3
    // refuse a PUT without exactly these: the consent metadata and the KMS key travel with the recording.
    // A ContentLength puts content-length among the signed headers, so S3 refuses a body of any other
    // size (SignatureDoesNotMatch) and the declared size in the metadata is the object's size. It is not
    // among the headers handed out: every HTTP client sends its body's length itself (browsers may not set it).
    // BucketKeyEnabled is left to the bucket's default, so the uploader has one header fewer to send.
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: options.contentType,
        ...(contentLength !== undefined ? { ContentLength: contentLength } : {}),
        Metadata: metadata,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: kmsKeyId,
      }),
      {
        expiresIn: options.expiresInSeconds,
        signingDate,
        signableHeaders: new Set(['content-type', 'content-length']),
        unhoistableHeaders: new Set(Object.keys(headers).filter((name) => name.startsWith('x-amz-'))),
      },
    );
    return { url, headers, expiresAt: new Date(signingDate.getTime() + options.expiresInSeconds * 1000).toISOString() };
  }

  async deleteAllVersions(bucket: string, key: string): Promise<number> {
    // The prefix also matches longer keys (`s1.wav` matches `s1.wav.bak`): only the exact key is ours to delete.
    const versions = (await this.listVersions(bucket, key)).filter((entry) => entry.key === key);
    await this.deleteEntries(bucket, key, versions);
    return versions.length;
  }

  /**
   * Lists first, then deletes: S3's version markers are positions in a listing, and deleting behind them
   * while paging is not something to rely on. A version or delete marker counts as one removed version.
   */
  async deletePrefix(bucket: string, prefix: string): Promise<{ key: string; versions: number }[]> {
    if (prefix === '') throw new AttuneError('refusing to delete a whole bucket: deletePrefix needs a non-empty prefix', 'empty_prefix');
    const entries = await this.listVersions(bucket, prefix);
    await this.deleteEntries(bucket, prefix, entries);
    const byKey = new Map<string, number>();
    for (const entry of entries) byKey.set(entry.key, (byKey.get(entry.key) ?? 0) + 1);
    return [...byKey].map(([key, versions]) => ({ key, versions }));
  }

  async deleteVersion(bucket: string, key: string, versionId: string): Promise<number> {
    // DeleteObjects reports a version that no longer exists as deleted, so a retry is harmless.
    await this.deleteEntries(bucket, key, [{ key, versionId }]);
    return 1;
  }

  private requireKmsKey(): string {
    if (!this.kmsKeyId) throw new AttuneError('this object store was created without a KMS key, so it may not write: set KMS_KEY_ID', 'kms_key_missing');
    return this.kmsKeyId;
  }

  /**
   * A client that adds optional checksums (the SDK's default since 3.729) signs the CRC32 of the empty
   * body it presigns into the URL, and S3 then refuses every real upload with a checksum mismatch.
   */
  private async requireChecksumsWhenRequired(): Promise<void> {
    const setting = this.client.config.requestChecksumCalculation;
    const calculation = typeof setting === 'function' ? await setting() : setting;
    if (calculation !== 'WHEN_REQUIRED') {
      throw new AttuneError(
        "presigned uploads need an S3 client created with requestChecksumCalculation: 'WHEN_REQUIRED'; with optional checksums the URL carries the checksum of an empty body and S3 refuses the upload",
        'presign_checksum',
      );
    }
  }

  /** Every version and delete marker whose key starts with `prefix`, through every page. */
  private async listVersions(bucket: string, prefix: string): Promise<VersionEntry[]> {
    const entries: VersionEntry[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix,
          ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}),
          ...(versionIdMarker !== undefined ? { VersionIdMarker: versionIdMarker } : {}),
        }),
      );
      for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (entry.Key !== undefined) entries.push({ key: entry.Key, ...(entry.VersionId ? { versionId: entry.VersionId } : {}) });
      }
      if (!page.IsTruncated || (page.NextKeyMarker === undefined && page.NextVersionIdMarker === undefined)) return entries;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
  }

  /** Deletes the entries in batches S3 accepts; throws after trying them all when any could not be deleted. */
  private async deleteEntries(bucket: string, what: string, entries: VersionEntry[]): Promise<void> {
    const failures: { key: string; code: string }[] = [];
    for (let start = 0; start < entries.length; start += DELETE_BATCH) {
      const objects: ObjectIdentifier[] = entries
        .slice(start, start + DELETE_BATCH)
        .map((e) => ({ Key: e.key, ...(e.versionId ? { VersionId: e.versionId } : {}) }));
      const output = await this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      for (const error of output.Errors ?? []) failures.push({ key: error.Key ?? 'unknown', code: error.Code ?? 'unknown' });
    }
    if (failures.length === 0) return;
    const codes = [...new Set(failures.map((f) => f.code))].join(', ');
    const keys = [...new Set(failures.map((f) => f.key))];
    const named = keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more`;
    throw new ObjectDeletionError(
      `${failures.length} of ${entries.length} versions under ${what} could not be deleted (${codes}); still there: ${named}; the others were deleted, so a retry has only these left to delete`,
      'delete_failed',
    );
  }
}
