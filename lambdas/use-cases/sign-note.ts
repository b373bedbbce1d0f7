/**
 * Signing a session's note (`POST /sessions/{id}/note/sign`): the clinician attests the version they
 * reviewed, which becomes final, and the signature records who, when and the SHA-256 of the signed note
 * (canonical JSON), so anyone can check later that the note is what was signed. A signed version is never
 * changed; an edit moves it to the history (edit-note.ts).
 *
 * A note is signed only when it can be: the version reviewed is the current one, it is not signed yet, it
 * was written (not `unavailable`), the clinic template's required lines are there, and any risk the note or
 * the detector found is acknowledged. Each refusal is a conflict that says what to do, and stores nothing.
 */
import type { z } from 'zod';
import type { SignNoteRequestSchema } from '../../schemas/api.js';
import type { NoteSignature, NoteVersion, ProgressNote } from '../../schemas/note.js';
import type { FieldError } from '../../schemas/problems.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import { ConflictError } from '../core/errors.js';
import { unfilledLines } from '../core/notes/template.js';
import type { SessionRepository } from '../ports/session-repository.js';
import { currentNoteVersion, editedFields, unavailableCode, writeNoteVersion } from './session-note.js';
import { sha256Of } from './stored-record.js';

export type SignNoteRequest = z.infer<typeof SignNoteRequestSchema>;

export interface SignNoteDeps {
  sessions: Pick<SessionRepository, 'updateNote'>;
  now: () => Date;
}

/** The version signed: final, with its signature. */
export type SignedNote = NoteVersion & { signature: NoteSignature };

/** The note or the session has risk to review, and the signature does not acknowledge it: `field` names `acknowledgeRisk`. */
export class RiskNotAcknowledgedError extends ConflictError {
  constructor(
    message: string,
    readonly field: FieldError,
  ) {
    super(message, 'risk_not_acknowledged');
  }
}

/** Why the current version cannot be signed as it is, or null when it can. */
function refusal(record: SessionRecord, current: NoteVersion, request: SignNoteRequest): ConflictError | null {
  const id = record.sessionId;
  if (request.version !== current.version) {
    return new ConflictError(
      `you reviewed version ${request.version}, but the note is at version ${current.version}: review version ${current.version} and sign that`,
      'stale_note_version',
    );
  }
  if (current.signature)
    return new ConflictError(`the note version ${current.version} is already signed; edit it to make a new version`, 'note_already_signed');
  if (current.note.status === 'unavailable') {
    return new ConflictError(
      `session ${id}'s note is unavailable (${unavailableCode(current.note)}): the engine could not write it, so there is nothing to sign; write it with PUT /sessions/${id}/note (baseVersion ${current.version}), then review and sign the new version`,
      'note_unavailable',
    );
  }
  const unfilled = unfilledLines(current.note);
  if (unfilled.length > 0) {
    // Named by label, id and section, never by what the note says: the message reaches logs.
    const listed = unfilled.map((line) => `${line.label} (${line.id}, in ${line.section})`).join('; ');
    const detail =
      `the clinic's template requires ${unfilled.length === 1 ? 'a line' : 'lines'} the note does not have yet: ${listed}. ` +
      `Write each as a sentence beginning "<label>:" in its section, in place of the "to be completed by the clinician" gap, with PUT /sessions/${id}/note (baseVersion ${current.version}), then review and sign the new version`;
    return new ConflictError(`the note cannot be signed yet: ${detail}`, 'template_lines_unfilled');
  }
  // The detector's risk counts even when the note says nothing of it (a note that could not be written, an edit).
  const riskToReview = record.risk?.summary.reviewRequired === true;
  if ((current.note.reviewRequired || riskToReview) && request.acknowledgeRisk !== true) {
    const detail = current.note.reviewRequired
      ? 'the note has risk statements: read them and the turns they cite, then sign with acknowledgeRisk: true'
      : `the session has risk findings for review: read them (GET /sessions/${id}, risk) and the turns they cite, then sign with acknowledgeRisk: true`;
    return new RiskNotAcknowledgedError(`the note cannot be signed yet: ${detail}`, { pointer: '/acknowledgeRisk', detail });
  }
  return null;
}

/**
 * Signs the session's current note version as `signedBy`; answers the signed version. Refused (a
 * {@link ConflictError}, nothing written) when the note cannot be signed as it is, or when another edit or
 * signature came first.
 */
export async function signNote(deps: SignNoteDeps, record: SessionRecord, request: SignNoteRequest, signedBy: string): Promise<SignedNote> {
  const current = currentNoteVersion(record);
  const refused = refusal(record, current, request);
  if (refused) throw refused;

  const note: ProgressNote = { ...current.note, status: 'final' };
  const signature: NoteSignature = {
    version: current.version,
    signedBy,
    signedAt: deps.now().toISOString(),
    sha256: sha256Of(note),
    ...(request.attestation !== undefined ? { attestation: request.attestation } : {}),
  };
  await writeNoteVersion(
    deps.sessions,
    record,
    current,
    {
      note,
      noteVersion: current.version,
      noteSignature: signature,
      ...(record.noteHistory ? { noteHistory: record.noteHistory } : {}),
      ...editedFields(current),
    },
    `GET the note: if version ${current.version} is signed now, it needs no other signature; if it was edited, review the new version and sign that`,
  );
  return { ...current, note, signature };
}
