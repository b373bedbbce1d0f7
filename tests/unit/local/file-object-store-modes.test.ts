/**
 * The local object store holds recordings, transcripts and notes in plain files (no KMS on one machine):
 * only the user running Attune may open them, whatever the process's umask and whatever the mode of a
 * file an uploader hands in (issue 15, M3).
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileObjectStore } from '../../../local/stand-ins/file-object-store.js';

/** Every folder and file under `dir` whose mode lets the group or others in, as `path mode`. */
function openToOthers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => ({ name, mode: lstatSync(join(dir, name)).mode & 0o777 }))
    .filter(({ mode }) => (mode & 0o077) !== 0)
    .map(({ name, mode }) => `${name} ${mode.toString(8)}`);
}

describe('FileObjectStore file modes', () => {
  let temp: string;
  let umask: number;

  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), 'attune-store-modes-'));
    // The usual umask of a desktop session: new files readable by everyone.
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(temp, { recursive: true, force: true });
  });

  it('keeps buckets, key folders and objects (bytes, copied files, their records) to the owner', async () => {
    // Prepare
    const root = join(temp, 's3');
    const store = new FileObjectStore(root, { uploads: { versioned: true, notify: true }, artifacts: {} });
    await store.init();
    const recording = join(temp, 'session.wav');
    writeFileSync(recording, 'RIFF....WAVE');
    chmodSync(recording, 0o644);

    // Act
    await store.put('uploads', 'uploads/t/c/s.wav', { file: recording }, { metadata: { 'consent-obtained': 'true' } });
    await store.write('artifacts', 'notes/t/c/s.json', '{"note":"…"}', 'application/json');

    // Assess
    expect(readdirSync(root, { recursive: true }).length).toBeGreaterThan(4);
    expect(openToOthers(root)).toEqual([]);
  });
});
