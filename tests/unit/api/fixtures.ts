/** A completed session of the inline dialogue, for API unit tests over the in-memory ports. */
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { transcript } from '../handlers/session-fixtures.js';
import type { MemoryDeps } from './memory.js';

export { transcript };
export const analysis = analyzeTranscript(transcript);

export function completedRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const tenantId = overrides.tenantId ?? 't1';
  const clientId = overrides.clientId ?? 'c1';
  const sessionId = overrides.sessionId ?? 's1';
  const sessionDate = overrides.sessionDate === undefined ? '2026-09-01' : overrides.sessionDate;
  return {
    tenantId,
    clientId,
    sessionId,
    status: 'COMPLETED',
    sessionDate,
    createdAt: '2026-09-01T10:00:00.000Z',
    updatedAt: '2026-09-01T10:05:00.000Z',
    consent: { obtained: true, method: 'written', obtainedAt: '2026-08-01' },
    timings: { total: 1000 },
    transcriptKey: `transcripts/${tenantId}/${clientId}/${sessionId}.json`,
    executionId: 'arn:aws:states:eu-west-1:111122223333:execution:attune:x',
    metrics: analysis.metrics,
    alliance: analysis.alliance,
    note: writeProgressNote({ transcript, analysis, format: 'soap', sessionDate, createdAt: new Date('2026-09-01T10:04:00Z') }),
    ...overrides,
  };
}

/** Stores the session and its transcript, and assigns the client to `clinicianId`. */
export async function seed(deps: MemoryDeps, record: SessionRecord, clinicianId = 'u1'): Promise<SessionRecord> {
  deps.sessions.items.set(`${record.tenantId}/${record.sessionId}`, structuredClone(record));
  if (record.transcriptKey) await deps.objects.write(deps.config.artifactsBucket, record.transcriptKey, JSON.stringify(transcript), 'application/json');
  await deps.clients.assign({ tenantId: record.tenantId, clientId: record.clientId, clinicianId, createdAt: '2026-08-01T00:00:00.000Z' });
  return record;
}
