/**
 * The erase page's logic, apart from React: what an erasure will remove (said before), whether the typed
 * confirmation matches, the wait a 409 asks for, and the receipt's counts (said after).
 */
import type { DeletionReceipt } from '../../../../schemas/api.js';

export type EraseTarget = { kind: 'session'; sessionId: string; clientId: string } | { kind: 'client'; clientId: string };

/** The id the clinician types to confirm: the session's id for a session, the client's id for a client. */
export function confirmationId(target: EraseTarget): string {
  return target.kind === 'session' ? target.sessionId : target.clientId;
}

/** Erasing is enabled only when the typed text is exactly the id (no trimming, case included). */
export function confirmationMatches(typed: string, target: EraseTarget): boolean {
  return typed === confirmationId(target);
}

/** What a session's erasure removes, from what the session shows (GET /sessions/{id}). */
export function sessionRemovals(session: {
  status: string;
  note?: unknown;
  noteVersion?: number | undefined;
  alliance?: unknown;
  risk?: unknown;
  timings?: Record<string, number>;
}): string[] {
  const items: string[] = [];
  const versions = session.noteVersion ?? (session.note ? 1 : 0);
  items.push(
    versions > 0
      ? `The progress note (${versions === 1 ? 'its only version' : `all ${versions} versions`}, signed or not)`
      : 'The progress note, if one was written',
  );
  items.push('The transcript');
  const recorded =
    session.status === 'AWAITING_UPLOAD' ||
    Object.keys(session.timings ?? {}).some((state) => /^(StartTranscription|GetTranscriptionJob|WaitForTranscript)/.test(state));
  items.push(recorded ? 'The recording, and every stored version of it' : 'The recording, if any was uploaded');
  items.push('The analysis: alliance scores and evidence, risk findings, metrics and the supervision report');
  items.push('Retry records of the requests that created it');
  return items;
}

/** What a client's erasure removes. */
export function clientRemovals(sessionIds: readonly string[]): string[] {
  const count = sessionIds.length;
  return [
    count === 0
      ? 'No sessions (the client has none left)'
      : `${count} ${count === 1 ? 'session' : 'sessions'}, each with its note, transcript, recording and analysis`,
    'Every note version and signature',
    'The alliance trend and risk history across sessions',
    'The treatment plan, with every version',
    'The measures entered for the client',
    "The client's assignment to a clinician",
  ];
}

/** Seconds a 409 asks the caller to wait (its Retry-After), 30 when it names none. */
export function retryAfterSeconds(error: unknown, fallback = 30): number {
  const source = error as { retryAfter?: unknown; headers?: { get?: (name: string) => string | null } | Record<string, string> } | null;
  let raw: unknown = source?.retryAfter;
  if (raw === undefined && source?.headers) {
    const headers = source.headers as { get?: (name: string) => string | null } & Record<string, string>;
    raw = typeof headers.get === 'function' ? headers.get('retry-after') : (headers['retry-after'] ?? headers['Retry-After']);
  }
  const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : fallback;
}

export interface ReceiptLine {
  what: string;
  count: number;
}

/** schemas/storage-layout.ts SESSION_TRACES kinds, as the receipt names them. */
const ARTIFACT_LABELS: Record<string, string> = {
  transcript: 'Transcript files',
  transcription: 'Transcription outputs',
  note: 'Note files',
  alliance: 'Analysis files',
};

function artifactLabel(kind: string): string {
  return ARTIFACT_LABELS[kind] ?? `Stored files (${kind.replace(/[-_]/g, ' ')})`;
}

/** What the receipt says was removed, as counted lines (zero lines left out, except sessions). */
export function receiptLines(receipt: DeletionReceipt): ReceiptLine[] {
  const removed = receipt.removed;
  const lines: ReceiptLine[] = [
    { what: 'Sessions', count: receipt.sessionIds.length },
    { what: 'Session records', count: removed.sessionRecords },
    { what: 'Client records', count: removed.clientRecords },
  ];
  const byKind = new Map<string, number>();
  for (const artifact of removed.artifacts) {
    if (artifact.kind === 'upload') continue; // counted by uploadVersions
    const label = artifactLabel(artifact.kind);
    byKind.set(label, (byKind.get(label) ?? 0) + 1);
  }
  for (const [what, count] of byKind) lines.push({ what, count });
  lines.push({ what: 'Recording versions', count: removed.uploadVersions });
  lines.push({ what: 'Retry (idempotency) records', count: removed.idempotencyRecords });
  if (removed.planRecords !== undefined) lines.push({ what: 'Treatment plan records', count: removed.planRecords });
  if (removed.measureRecords !== undefined) lines.push({ what: 'Entered measures', count: removed.measureRecords });
  return lines.filter((line, index) => index === 0 || line.count > 0);
}

/** The receipt as the clinician keeps it: the API's JSON, indented. */
export function receiptJson(receipt: DeletionReceipt): string {
  return JSON.stringify(receipt, null, 2);
}
