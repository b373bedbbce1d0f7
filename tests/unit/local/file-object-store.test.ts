import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileObjectStore, type ObjectCreated } from '../../../local/stand-ins/file-object-store.js';

describe('FileObjectStore (the local S3, with versioning emulated)', () => {
  let root: string;
  let store: FileObjectStore;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'attune-store-'));
    store = new FileObjectStore(root, { uploads: { versioned: true, notify: true }, artifacts: {} });
    await store.init();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('gives every upload of a key its own version, and serves the newest with its metadata', async () => {
    // Act
    const first = await store.put('uploads', 'uploads/t/c/s.txt', { body: 'one' }, { metadata: { 'Consent-Obtained': 'true' } });
    const second = await store.put('uploads', 'uploads/t/c/s.txt', { body: 'two!' }, { metadata: { 'consent-obtained': 'true' } });

    // Assess
    expect(first.versionId).not.toBe(second.versionId);
    expect(await store.head('uploads', 'uploads/t/c/s.txt')).toMatchObject({ bytes: 4, versionId: second.versionId, metadata: { 'consent-obtained': 'true' } });
    expect(Buffer.from(await store.read('uploads', 'uploads/t/c/s.txt', 2)).toString()).toBe('tw');
    expect(await store.versionIds('uploads', 'uploads/t/c/s.txt')).toEqual([first.versionId, second.versionId]);
  });

  it('deletes one version (a duplicate upload) and leaves the other', async () => {
    // Prepare
    const first = await store.put('uploads', 'uploads/t/c/s.wav', { body: 'a' });
    const second = await store.put('uploads', 'uploads/t/c/s.wav', { body: 'b' });

    // Act
    const deleted = await store.deleteVersion('uploads', 'uploads/t/c/s.wav', second.versionId!);

    // Assess
    expect(deleted).toBe(1);
    expect((await store.head('uploads', 'uploads/t/c/s.wav'))?.versionId).toBe(first.versionId);
    expect(await store.deleteVersion('uploads', 'uploads/t/c/s.wav', second.versionId!)).toBe(0);
  });

  it('deletes every version and leaves nothing on disk', async () => {
    // Prepare
    await store.put('uploads', 'uploads/t/c/s.wav', { body: 'a' });
    await store.put('uploads', 'uploads/t/c/s.wav', { body: 'b' });

    // Act
    const deleted = await store.deleteAllVersions('uploads', 'uploads/t/c/s.wav');

    // Assess
    expect(deleted).toBe(2);
    expect(await store.head('uploads', 'uploads/t/c/s.wav')).toBeNull();
    expect(readdirSync(store.bucketDir('uploads'))).toEqual([]);
    expect(await store.deleteAllVersions('uploads', 'uploads/t/c/s.wav')).toBe(0);
  });

  it('keeps one copy in an unversioned bucket and reports no version id', async () => {
    // Act
    await store.write('artifacts', 'transcripts/t/c/s.json', '{"a":1}', 'application/json');
    await store.write('artifacts', 'transcripts/t/c/s.json', '{"a":2}', 'application/json');

    // Assess
    expect(await store.head('artifacts', 'transcripts/t/c/s.json')).toEqual({ bytes: 7, metadata: {}, contentType: 'application/json' });
    expect(await store.versionIds('artifacts', 'transcripts/t/c/s.json')).toHaveLength(1);
  });

  it('tells listeners of new objects in a notifying bucket only', async () => {
    // Prepare
    const seen: ObjectCreated[] = [];
    store.onObjectCreated((event) => seen.push(event));

    // Act
    const { versionId } = await store.put('uploads', 'uploads/t/c/s.txt', { body: 'x' });
    await store.write('artifacts', 'notes/t/c/s.json', '{}', 'application/json');

    // Assess
    expect(seen).toEqual([{ bucket: 'uploads', key: 'uploads/t/c/s.txt', bytes: 1, versionId }]);
  });

  it('keeps a key full of dots and slashes inside its bucket folder', async () => {
    // Act
    await store.put('uploads', '../../escape', { body: 'x' });

    // Assess
    expect(readdirSync(root).sort()).toEqual(['artifacts', 'uploads']);
    expect(readdirSync(store.bucketDir('uploads'))).toHaveLength(1);
  });

  it('answers a missing object and an unknown bucket as S3 does', async () => {
    await expect(store.read('uploads', 'uploads/none')).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(store.head('other', 'x')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('stores the metadata of a write, and a write to a notifying bucket tells listeners (an inline transcript starts the workflow)', async () => {
    // Prepare
    const seen: ObjectCreated[] = [];
    store.onObjectCreated((event) => seen.push(event));

    // Act
    await store.write('uploads', 'uploads/t/c/s.txt', 'Therapist: hello', 'text/plain', { 'Consent-Obtained': 'true' });

    // Assess
    expect(await store.head('uploads', 'uploads/t/c/s.txt')).toMatchObject({ bytes: 16, contentType: 'text/plain', metadata: { 'consent-obtained': 'true' } });
    expect(seen).toEqual([expect.objectContaining({ bucket: 'uploads', key: 'uploads/t/c/s.txt', bytes: 16 })]);
  });

  it('deletes every version of every key under a prefix, and only those, leaving no folder behind', async () => {
    // Prepare
    await store.put('uploads', 'uploads/t/c1/a.wav', { body: 'a' });
    await store.put('uploads', 'uploads/t/c1/a.wav', { body: 'b' });
    await store.put('uploads', 'uploads/t/c1/b.txt', { body: 'c' });
    const longKey = `uploads/t/c1/${'x'.repeat(250)}.txt`;
    await store.put('uploads', longKey, { body: 'd' });
    await store.put('uploads', 'uploads/t/c10/a.wav', { body: 'e' });

    // Act
    const removed = await store.deletePrefix('uploads', 'uploads/t/c1/');
    const again = await store.deletePrefix('uploads', 'uploads/t/c1/');

    // Assess
    expect(removed).toEqual([
      { key: 'uploads/t/c1/a.wav', versions: 2 },
      { key: 'uploads/t/c1/b.txt', versions: 1 },
      { key: longKey, versions: 1 },
    ]);
    expect(again).toEqual([]);
    expect(await store.head('uploads', 'uploads/t/c10/a.wav')).not.toBeNull();
    expect(readdirSync(store.bucketDir('uploads'))).toHaveLength(1);
  });

  it('refuses to delete by an empty prefix (the whole bucket)', async () => {
    await expect(store.deletePrefix('uploads', '')).rejects.toThrow(/non-empty prefix/);
  });
});
