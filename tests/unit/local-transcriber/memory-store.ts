import type { ObjectStore, PresignedPut, PresignPutOptions, StoredObjectInfo } from '../../../lambdas/ports/object-store.js';

/** The ObjectStore port in memory (no versions: each key holds its latest object). */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();

  private static id(bucket: string, key: string): string {
    return `${bucket}/${key}`;
  }

  async head(bucket: string, key: string): Promise<StoredObjectInfo | null> {
    const object = this.objects.get(MemoryObjectStore.id(bucket, key));
    return object ? { bytes: object.body.length, metadata: {}, contentType: object.contentType } : null;
  }

  async read(bucket: string, key: string, length?: number): Promise<Uint8Array> {
    const object = this.objects.get(MemoryObjectStore.id(bucket, key));
    if (!object) throw Object.assign(new Error(`NoSuchKey: ${bucket}/${key}`), { name: 'NoSuchKey' });
    return length === undefined ? object.body : object.body.subarray(0, length);
  }

  async write(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    this.objects.set(MemoryObjectStore.id(bucket, key), { body: typeof body === 'string' ? new TextEncoder().encode(body) : body, contentType });
  }

  async deleteAllVersions(bucket: string, key: string): Promise<number> {
    return this.objects.delete(MemoryObjectStore.id(bucket, key)) ? 1 : 0;
  }

  async deleteVersion(bucket: string, key: string): Promise<number> {
    return this.deleteAllVersions(bucket, key);
  }

  async presignPut(bucket: string, key: string, options: PresignPutOptions): Promise<PresignedPut> {
    const headers: Record<string, string> = { 'content-type': options.contentType };
    for (const [name, value] of Object.entries(options.metadata)) headers[`x-amz-meta-${name}`] = value;
    return { url: `memory://${bucket}/${key}`, headers, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }

  async deletePrefix(bucket: string, prefix: string): Promise<{ key: string; versions: number }[]> {
    const gone = [...this.objects.keys()].filter((id) => id.startsWith(MemoryObjectStore.id(bucket, prefix)));
    for (const id of gone) this.objects.delete(id);
    return gone.map((id) => ({ key: id.slice(bucket.length + 1), versions: 1 }));
  }

  /** An object's text, or undefined when there is none. */
  text(bucket: string, key: string): string | undefined {
    const object = this.objects.get(MemoryObjectStore.id(bucket, key));
    return object ? new TextDecoder().decode(object.body) : undefined;
  }
}
