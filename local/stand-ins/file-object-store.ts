/**
 * The local stand-in for S3: the ObjectStore port on the filesystem, one folder per bucket under
 * ATTUNE_HOME/s3, with S3's versioning emulated where the workflow depends on it.
 *
 * Why not s3rver: s3rver 3.7.1 has no versioning. It answers ListObjectVersions with 405 MethodNotAllowed
 * (so DeleteRawAudio could never delete a recording) and gives objects no version id (so a second upload
 * of a session would look like a redelivery of the first and keep its recording). Here every write to a
 * versioned bucket is a new version with its own id, as in the uploads bucket on AWS; an unversioned
 * bucket (artifacts) keeps one copy. A bucket with notifications on tells its listeners of each new
 * object, as S3 tells EventBridge.
 *
 * Layout: `<root>/<bucket>/o-<url-encoded key>/<version>.data` and `<version>.json` (key, size, metadata).
 * A key's folder is removed with its last version, so a deleted recording leaves no trace on disk.
 *
 * Presigned uploads: `presignPut` answers a URL on the local API server (`/local-s3/<bucket>/<key>`) whose
 * signature (presign.ts, with a per-home key) covers the expiry, content type and metadata headers, as
 * S3's does; the server checks a PUT with `verifyPresignedPut` before it stores the body.
 *
 * Modes: folders 0700 and files 0600 whatever the umask (there is no KMS here: the modes are what keeps
 * other users out), and a copied file does not keep its source's mode.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ObjectStore, PresignedPut, PresignPutOptions, StoredObjectInfo } from '../../lambdas/ports/object-store.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../runtime/home.js';
import { LocalPresigner, type PresignCheck, type PresignedPutAttempt } from './presign.js';

export interface BucketOptions {
  /** Keep every version, as a versioned S3 bucket does. @default false */
  versioned?: boolean;
  /** Tell `onObjectCreated` listeners of each new object (S3 → EventBridge). @default false */
  notify?: boolean;
}

export interface StoreOptions {
  /** The secret presigned URLs are signed with. @default `<root>/../keys/presign.key` (ATTUNE_HOME/keys when root is ATTUNE_HOME/s3), made on first use */
  presignKeyFile?: string;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface ObjectCreated {
  bucket: string;
  key: string;
  bytes: number;
  versionId?: string;
}

interface VersionMeta {
  key: string;
  versionId: string;
  bytes: number;
  contentType?: string;
  metadata: Record<string, string>;
  createdAt: string;
}

/** S3's answer for a missing object, with the same name and status the S3 adapter would see. */
export class NoSuchKeyError extends Error {
  override readonly name = 'NoSuchKey';
  readonly $metadata = { httpStatusCode: 404 };
}

export class NoSuchBucketError extends Error {
  override readonly name = 'NoSuchBucket';
  readonly $metadata = { httpStatusCode: 404 };
}

let sequence = 0;
/** Sortable by creation: the newest version of a key is the greatest id. */
function newVersionId(): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${String(Date.now()).padStart(15, '0')}.${String(sequence).padStart(6, '0')}.${randomBytes(4).toString('hex')}`;
}

export class FileObjectStore implements ObjectStore {
  private readonly listeners: ((event: ObjectCreated) => void)[] = [];
  private readonly presigner: LocalPresigner;

  constructor(
    private readonly root: string,
    private readonly buckets: Record<string, BucketOptions>,
    options: StoreOptions = {},
  ) {
    this.presigner = new LocalPresigner({
      keyFile: options.presignKeyFile ?? join(dirname(root), 'keys', 'presign.key'),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  async init(): Promise<void> {
    await Promise.all(Object.keys(this.buckets).map((bucket) => mkdir(join(this.root, bucket), { recursive: true, mode: PRIVATE_DIR_MODE })));
  }

  /** The folder a bucket's objects live in (for checks that nothing is left behind). */
  bucketDir(bucket: string): string {
    this.options(bucket);
    return join(this.root, bucket);
  }

  onObjectCreated(listener: (event: ObjectCreated) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1);
  }

  async head(bucket: string, key: string): Promise<StoredObjectInfo | null> {
    const latest = await this.latest(bucket, key);
    if (!latest) return null;
    const versioned = this.options(bucket).versioned === true;
    return {
      bytes: latest.bytes,
      metadata: { ...latest.metadata },
      ...(versioned ? { versionId: latest.versionId } : {}),
      ...(latest.contentType ? { contentType: latest.contentType } : {}),
    };
  }

  async read(bucket: string, key: string, length?: number): Promise<Uint8Array> {
    const latest = await this.latest(bucket, key);
    if (!latest) throw new NoSuchKeyError(`no object ${key} in ${bucket}`);
    const path = join(this.keyDir(bucket, key), `${latest.versionId}.data`);
    if (length === undefined || length <= 0) return new Uint8Array(await readFile(path));
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(length, latest.bytes));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return new Uint8Array(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  }

  /** A write to a notifying bucket tells listeners, as any new object does (an inline transcript starts the workflow). */
  async write(bucket: string, key: string, body: Uint8Array | string, contentType: string, metadata?: Record<string, string>): Promise<void> {
    await this.put(bucket, key, { body }, { contentType, ...(metadata ? { metadata } : {}) });
  }

  /**
   * Where presigned URLs point: the local API server's address, known only once it listens. Until it
   * is set, `presignPut` refuses (an upload URL nobody serves would only fail later).
   */
  setPresignBase(url: string): void {
    this.presigner.setBase(url);
  }

  async presignPut(bucket: string, key: string, options: PresignPutOptions): Promise<PresignedPut> {
    this.keyDir(bucket, key);
    return this.presigner.sign(bucket, key, options);
  }

  /** Whether a PUT to a presigned URL may store its body (presign.ts), and the metadata to store with it. */
  verifyPresignedPut(attempt: PresignedPutAttempt): PresignCheck {
    return this.presigner.verify(attempt);
  }

  /**
   * Creates an object from bytes or by copying a file, with user metadata (S3's `x-amz-meta-*`, names
   * lower-cased): what an uploader's PUT does. Answers the new version's id in a versioned bucket.
   */
  async put(
    bucket: string,
    key: string,
    source: { body: Uint8Array | string } | { file: string },
    options: { contentType?: string; metadata?: Record<string, string> } = {},
  ): Promise<{ versionId?: string; bytes: number }> {
    const { versioned, notify } = this.options(bucket);
    const dir = this.keyDir(bucket, key);
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const versionId = newVersionId();
    const data = join(dir, `${versionId}.data`);
    // Written under a temporary name and renamed: a reader never sees half an object.
    const partial = join(dir, `.${versionId}.partial`);
    if ('file' in source) {
      // copyFile gives the copy its source's mode (libuv sets it after the copy), not the umask's.
      await copyFile(source.file, partial);
      await chmod(partial, PRIVATE_FILE_MODE);
    } else await writeFile(partial, source.body, { mode: PRIVATE_FILE_MODE });
    const { size } = await stat(partial);
    const metadata = Object.fromEntries(Object.entries(options.metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const meta: VersionMeta = {
      key,
      versionId,
      bytes: size,
      metadata,
      createdAt: new Date().toISOString(),
      ...(options.contentType ? { contentType: options.contentType } : {}),
    };
    await writeFile(join(dir, `${versionId}.json`), JSON.stringify(meta), { mode: PRIVATE_FILE_MODE });
    await rename(partial, data);
    // An unversioned bucket keeps only the object just written.
    if (!versioned) for (const old of await this.versionIds(bucket, key)) if (old !== versionId) await this.removeVersion(dir, old);
    const event: ObjectCreated = { bucket, key, bytes: size, ...(versioned ? { versionId } : {}) };
    if (notify) for (const listener of [...this.listeners]) listener(event);
    return { bytes: size, ...(versioned ? { versionId } : {}) };
  }

  /**
   * Deletes every version of every key that starts with `prefix`, and their folders. An empty prefix is
   * refused: it would empty the bucket, which no erasure means.
   */
  async deletePrefix(bucket: string, prefix: string): Promise<{ key: string; versions: number }[]> {
    if (prefix.length === 0) throw new Error('deletePrefix needs a non-empty prefix; an empty one would empty the whole bucket');
    const bucketDir = this.bucketDir(bucket);
    const removed: { key: string; versions: number }[] = [];
    for (const folder of await readdir(bucketDir)) {
      const dir = join(bucketDir, folder);
      const key = await this.keyOfFolder(dir, folder);
      if (key === null || !key.startsWith(prefix)) continue;
      const versions = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.data')).length;
      await rm(dir, { recursive: true, force: true });
      if (versions > 0) removed.push({ key, versions });
    }
    return removed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deleteAllVersions(bucket: string, key: string): Promise<number> {
    const dir = this.keyDir(bucket, key);
    const versions = await this.versionIds(bucket, key);
    await rm(dir, { recursive: true, force: true });
    return versions.length;
  }

  async deleteVersion(bucket: string, key: string, versionId: string): Promise<number> {
    const versions = await this.versionIds(bucket, key);
    if (!versions.includes(versionId)) return 0;
    const dir = this.keyDir(bucket, key);
    await this.removeVersion(dir, versionId);
    if (versions.length === 1) await rm(dir, { recursive: true, force: true });
    return 1;
  }

  /** Every stored version of a key, oldest first. */
  async versionIds(bucket: string, key: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.keyDir(bucket, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((name) => name.endsWith('.data'))
      .map((name) => name.slice(0, -'.data'.length))
      .sort();
  }

  private async latest(bucket: string, key: string): Promise<VersionMeta | null> {
    const versions = await this.versionIds(bucket, key);
    const newest = versions.at(-1);
    if (newest === undefined) return null;
    try {
      return JSON.parse(await readFile(join(this.keyDir(bucket, key), `${newest}.json`), 'utf8')) as VersionMeta;
    } catch (error) {
      // Deleted between the listing and the read: as good as missing.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** The key a folder holds: from its name, or for a hashed name from a version's record. */
  private async keyOfFolder(dir: string, folder: string): Promise<string | null> {
    if (folder.startsWith('o-')) {
      try {
        return decodeURIComponent(folder.slice(2));
      } catch {
        return null;
      }
    }
    if (!folder.startsWith('h-')) return null;
    const records = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
    for (const record of records) {
      try {
        return (JSON.parse(await readFile(join(dir, record), 'utf8')) as VersionMeta).key;
      } catch {
        // Removed meanwhile, or half written: try the next record.
      }
    }
    return null;
  }

  private async removeVersion(dir: string, versionId: string): Promise<void> {
    await rm(join(dir, `${versionId}.data`), { force: true });
    await rm(join(dir, `${versionId}.json`), { force: true });
  }

  private options(bucket: string): BucketOptions {
    const options = this.buckets[bucket];
    if (!options) throw new NoSuchBucketError(`no bucket ${bucket} in the local store`);
    return options;
  }

  /** A key as one folder name: encoded, so `/` and `..` can never leave the bucket's folder. */
  private keyDir(bucket: string, key: string): string {
    this.options(bucket);
    if (key.length === 0) throw new NoSuchKeyError('an object key cannot be empty');
    const encoded = encodeURIComponent(key);
    const name = encoded.length <= 200 ? `o-${encoded}` : `h-${createHash('sha256').update(key).digest('hex')}`;
    return join(this.root, bucket, name);
  }
}
