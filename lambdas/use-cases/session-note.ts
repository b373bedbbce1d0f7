/**
 * A session's progress note as versions, shared by editing it (edit-note.ts), signing it (sign-note.ts) and
 * the note routes. The note the workflow wrote is version 1 and each edit adds one; the current version is
 * on the session's item, and a signed version an edit superseded is kept in `noteHistory`. Every write is
 * conditional on the version it started from, signed or not as it was read (a signature keeps the number), so of two clinicians working on one note the second hears
 * that the first came first instead of overwriting them.
 */
import type { ProgressNote, NoteVersion } from '../../schemas/note.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { TranscriptSchema, type Transcript } from '../../schemas/transcript.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { ObjectStore } from '../ports/object-store.js';
import { reviewLevelOf, type SessionRepository } from '../ports/session-repository.js';

/** The note fields a new version writes (the review queue's place follows from them). */
export type NoteFields = Omit<Parameters<SessionRepository['updateNote']>[2], 'reviewLevel'>;

/** The session is still being processed: its note is written when processing completes, so ask again later. */
export class NoteNotWrittenYetError extends ConflictError {}

/** Another edit or signature of the note was written first: the version the caller worked from is gone. */
export class NoteVersionConflictError extends ConflictError {}

/** The current version of a COMPLETED session's note; a conflict while it is processing or when it failed, not found without a note. */
export function currentNoteVersion(record: SessionRecord): NoteVersion {
  const id = record.sessionId;
  if (record.status === 'FAILED') {
    throw new ConflictError(
      `session ${id} failed (${record.failure?.code ?? 'no reason recorded'}), so it has no note; GET /sessions/${id} says why`,
      'session_failed',
    );
  }
  if (record.status !== 'COMPLETED') {
    throw new NoteNotWrittenYetError(`session ${id} is ${record.status}: its note is written when processing completes; retry later`, 'note_not_written_yet');
  }
  if (!record.note) throw new NotFoundError(`session ${id} has no progress note`, 'note_not_found');
  return {
    version: record.noteVersion ?? 1,
    note: record.note,
    ...(record.noteEditedBy ? { editedBy: record.noteEditedBy } : {}),
    ...(record.noteEditedAt ? { editedAt: record.noteEditedAt } : {}),
    ...(record.noteSignature ? { signature: record.noteSignature } : {}),
  };
}

/** Why a note could not be written, as the code a message names. */
export const unavailableCode = (note: ProgressNote): string => note.unavailableReason?.code ?? 'note_unavailable';

/** Who edited a version and when, as the session's item keeps them. */
export function editedFields(version: NoteVersion): Pick<SessionRecord, 'noteEditedBy' | 'noteEditedAt'> {
  return { ...(version.editedBy ? { noteEditedBy: version.editedBy } : {}), ...(version.editedAt ? { noteEditedAt: version.editedAt } : {}) };
}

/**
 * Writes a new state of the note, conditional on the note still being `from`, the version the caller read,
 * signed or not as it was read; a write that came second is {@link NoteVersionConflictError}, changes
 * nothing, and its message ends with `whatToDo`.
 */
export async function writeNoteVersion(
  sessions: Pick<SessionRepository, 'updateNote'>,
  record: SessionRecord,
  from: NoteVersion,
  fields: NoteFields,
  whatToDo: string,
): Promise<void> {
  // Signing takes the session out of the review queue; an unsigned version (an edit after signing) puts it back.
  const reviewLevel = reviewLevelOf({ status: record.status, risk: record.risk, note: fields.note, noteSignature: fields.noteSignature });
  const expected = { version: from.version, signed: from.signature !== undefined };
  const written = await sessions.updateNote({ tenantId: record.tenantId, sessionId: record.sessionId }, expected, { ...fields, reviewLevel });
  if (!written) {
    const read = `version ${from.version}${expected.signed ? ', signed,' : ', unsigned,'}`;
    throw new NoteVersionConflictError(
      `another edit or signature of the note came first: it is no longer ${read} as you read it, and nothing was written; ${whatToDo}`,
      'note_version_conflict',
    );
  }
}

/** The session's stored transcript, or null when it is gone (erased, expired, never kept). */
export async function readSessionTranscript(objects: Pick<ObjectStore, 'head' | 'read'>, bucket: string, record: SessionRecord): Promise<Transcript | null> {
  if (!record.transcriptKey) return null;
  if (!(await objects.head(bucket, record.transcriptKey))) return null;
  const bytes = await objects.read(bucket, record.transcriptKey);
  return TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}
