import { describe, expect, it } from 'vitest';
import {
  artifactKey,
  artifactKeyTemplate,
  clientKeyPrefix,
  parseArtifactKey,
  receiptKey,
  sessionKeyPrefix,
  SESSION_TRACES,
  uploadKey,
  type ArtifactName,
} from '../../../schemas/storage-layout.js';

const S1 = { tenantId: 'acme', clientId: 'c1', sessionId: 's1' };
const S10 = { tenantId: 'acme', clientId: 'c1', sessionId: 's10' };
const NAMES: ArtifactName[] = ['transcribeOutput', 'transcript', 'analysis', 'note', 'alliance'];

describe('the storage layout', () => {
  it('lays a session out as the docs and the stack say', () => {
    // Act
    const keys = { upload: uploadKey(S1, 'wav'), ...Object.fromEntries(NAMES.map((name) => [name, artifactKey(S1, name)])) };

    // Assess
    expect(keys).toEqual({
      upload: 'uploads/acme/c1/s1.wav',
      transcribeOutput: 'transcribe/acme/c1/s1.json',
      transcript: 'transcripts/acme/c1/s1.json',
      analysis: 'transcripts/acme/c1/s1.analysis.json',
      note: 'notes/acme/c1/s1.json',
      alliance: 'alliance/acme/c1/s1.json',
    });
  });

  it('reads every artifact key back into its name and ids, and refuses keys it did not lay out', () => {
    // Act
    const parsed = NAMES.map((name) => parseArtifactKey(artifactKey(S1, name)));

    // Assess
    expect(parsed).toEqual(NAMES.map((name) => ({ name, ids: S1 })));
    for (const other of [
      'uploads/acme/c1/s1.wav',
      'receipts/acme/2026-01-01/r1.json',
      'notes/acme/s1.json',
      'notes/acme/c1/../s1.json',
      'notes/acme/c1/s1.txt',
    ]) {
      expect(parseArtifactKey(other), other).toBeNull();
    }
  });

  it("keeps a session's prefix from taking another session whose id starts the same", () => {
    // Prepare
    const prefixes = SESSION_TRACES.map((trace) => sessionKeyPrefix(trace.prefix, S1));

    // Act
    const takesS10 = [uploadKey(S10, 'wav'), ...NAMES.map((name) => artifactKey(S10, name))].filter((key) => prefixes.some((p) => key.startsWith(p)));
    const takesS1 = [uploadKey(S1, 'wav'), ...NAMES.map((name) => artifactKey(S1, name))].filter((key) => prefixes.some((p) => key.startsWith(p)));

    // Assess
    expect(takesS10).toEqual([]);
    expect(takesS1).toHaveLength(1 + NAMES.length);
  });

  it("covers every artifact of a client's sessions with the client's prefixes", () => {
    const prefixes = SESSION_TRACES.map((trace) => clientKeyPrefix(trace.prefix, S1));
    for (const key of [uploadKey(S10, 'flac'), ...NAMES.map((name) => artifactKey(S10, name))]) {
      expect(
        prefixes.some((p) => key.startsWith(p)),
        key,
      ).toBe(true);
    }
  });

  it("gives Step Functions a template it fills in the ids' order", () => {
    expect(artifactKeyTemplate('transcribeOutput')).toBe('transcribe/{}/{}/{}.json');
  });

  it('files receipts by tenant and day', () => {
    expect(receiptKey({ tenantId: 'acme', deletedAt: '2026-03-14T09:30:00.000Z', receiptId: 'r1' })).toBe('receipts/acme/2026-03-14/r1.json');
  });
});
