import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandOutput,
  type ObjectIdentifier,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import { S3ObjectStore } from '../../../lambdas/adapters/s3/object-store.js';
import { logger } from '../../../lambdas/shared/observability.js';

export const UPLOADS = 'attune-uploads';
export const ARTIFACTS = 'attune-artifacts';
export const KMS_KEY = 'arn:aws:kms:us-east-1:000000000000:key/test';

interface Version {
  versionId: string;
  deleteMarker: boolean;
  body: Uint8Array;
  metadata: Record<string, string>;
}

/** A response body as the SDK gives it (the parts of the stream mixin the adapter uses). */
function body(bytes: Uint8Array): GetObjectCommandOutput['Body'] {
  return {
    transformToByteArray: async () => bytes,
    transformToString: async () => new TextDecoder().decode(bytes),
  } as unknown as GetObjectCommandOutput['Body'];
}

/**
 * A versioned S3 in memory, served through aws-sdk-client-mock, so tests drive the real S3ObjectStore and
 * then look at what is left in the buckets.
 */
export class FakeS3 {
  readonly stub: AwsClientStub<S3Client>;
  readonly client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  readonly store = new S3ObjectStore({ client: this.client, kmsKeyId: KMS_KEY });
  /** Bytes sent in GetObject bodies, as S3 would bill and the function would wait for them. */
  bytesRead = 0;
  /** Every PutObject as sent. */
  readonly puts: PutObjectCommandInput[] = [];
  /** Entries per ListObjectVersions page (S3's default is 1000). */
  pageSize = 1000;
  /** Version ids S3 will answer AccessDenied for in DeleteObjects (e.g. under object lock). */
  readonly undeletable = new Set<string>();
  private readonly objects = new Map<string, Version[]>();
  private nextVersion = 1;

  constructor() {
    this.stub = mockClient(S3Client);
    this.stub.on(HeadObjectCommand).callsFake(({ Bucket, Key }) => {
      const latest = this.latest(Bucket, Key);
      if (!latest) throw new NotFound({ message: 'NotFound', $metadata: { httpStatusCode: 404 } });
      return { ContentLength: latest.body.length, VersionId: latest.versionId, Metadata: { ...latest.metadata }, $metadata: {} };
    });
    this.stub.on(GetObjectCommand).callsFake(({ Bucket, Key, Range }) => {
      const latest = this.latest(Bucket, Key);
      if (!latest) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
      const range = /^bytes=(\d+)-(\d+)$/.exec(Range ?? '');
      const bytes = range ? latest.body.subarray(Number(range[1]), Number(range[2]) + 1) : latest.body;
      this.bytesRead += bytes.length;
      return { Body: body(bytes), ContentLength: bytes.length, $metadata: {} };
    });
    this.stub.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      this.puts.push(input);
      const bytes = typeof input.Body === 'string' ? new TextEncoder().encode(input.Body) : (input.Body as Uint8Array);
      this.put(input.Bucket!, input.Key!, bytes);
      return { $metadata: {} };
    });
    this.stub.on(ListObjectVersionsCommand).callsFake(({ Bucket, Prefix = '', KeyMarker, VersionIdMarker }) => {
      const entries = [...this.objects.entries()]
        .filter(([id]) => id.startsWith(`${Bucket}/${Prefix}`))
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([id, versions]) => [...versions].reverse().map((v) => ({ key: id.slice(Bucket.length + 1), ...v })));
      let start = 0;
      if (KeyMarker !== undefined) start = entries.findIndex((e) => e.key === KeyMarker && e.versionId === VersionIdMarker) + 1;
      const page = entries.slice(start, start + this.pageSize);
      const last = page[page.length - 1];
      const truncated = start + this.pageSize < entries.length;
      return {
        Versions: page.filter((e) => !e.deleteMarker).map((e) => ({ Key: e.key, VersionId: e.versionId })),
        DeleteMarkers: page.filter((e) => e.deleteMarker).map((e) => ({ Key: e.key, VersionId: e.versionId })),
        IsTruncated: truncated,
        ...(truncated && last ? { NextKeyMarker: last.key, NextVersionIdMarker: last.versionId } : {}),
        $metadata: {},
      };
    });
    this.stub.on(DeleteObjectsCommand).callsFake(({ Bucket, Delete }) => {
      const objects: ObjectIdentifier[] = Delete?.Objects ?? [];
      // S3 refuses the whole request above 1000 keys.
      if (objects.length > 1000)
        throw new S3ServiceException({ name: 'MalformedXML', $fault: 'client', message: 'too many keys', $metadata: { httpStatusCode: 400 } });
      const Errors = objects.filter((o) => this.undeletable.has(o.VersionId ?? '')).map((o) => ({ Key: o.Key, VersionId: o.VersionId, Code: 'AccessDenied' }));
      for (const { Key, VersionId } of objects) {
        if (this.undeletable.has(VersionId ?? '')) continue;
        const id = `${Bucket}/${Key}`;
        const remaining = (this.objects.get(id) ?? []).filter((v) => v.versionId !== VersionId);
        if (remaining.length === 0) this.objects.delete(id);
        else this.objects.set(id, remaining);
      }
      return { ...(Errors.length > 0 ? { Errors } : {}), $metadata: {} };
    });
  }

  put(bucket: string, key: string, bytes: Uint8Array | string, metadata: Record<string, string> = {}): void {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    this.versionsOf(bucket, key).push({ versionId: `v${this.nextVersion++}`, deleteMarker: false, body: data, metadata });
  }

  deleteMarker(bucket: string, key: string): void {
    this.versionsOf(bucket, key).push({ versionId: `v${this.nextVersion++}`, deleteMarker: true, body: new Uint8Array(), metadata: {} });
  }

  /** The version ids stored for a key, oldest first. */
  versionIds(bucket: string, key: string): string[] {
    return (this.objects.get(`${bucket}/${key}`) ?? []).map((v) => v.versionId);
  }

  /** Versions and delete markers still stored for a key. */
  versionCount(bucket: string, key: string): number {
    return this.objects.get(`${bucket}/${key}`)?.length ?? 0;
  }

  text(bucket: string, key: string): string | null {
    const latest = this.latest(bucket, key);
    return latest ? new TextDecoder().decode(latest.body) : null;
  }

  restore(): void {
    this.stub.restore();
  }

  private versionsOf(bucket: string, key: string): Version[] {
    const id = `${bucket}/${key}`;
    if (!this.objects.has(id)) this.objects.set(id, []);
    return this.objects.get(id)!;
  }

  private latest(bucket: string, key: string): Version | null {
    const latest = this.objects.get(`${bucket}/${key}`)?.at(-1);
    return latest && !latest.deleteMarker ? latest : null;
  }
}

/**
 * Everything the Powertools logger writes (JSON lines to stdout/stderr through a Console), with the
 * logger turned up to INFO for the capture (the tests' environment keeps it silent otherwise).
 */
export function captureLogs(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const level = logger.getLevelName();
  logger.setLogLevel('INFO');
  const capture = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk as Uint8Array));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return {
    text: () => chunks.join(''),
    restore: () => {
      logger.setLogLevel(level);
      out.mockRestore();
      err.mockRestore();
    },
  };
}
