/**
 * Editing a session's note (`PUT /sessions/{id}/note`): the clinician's sections become a new, unsigned
 * version. An edit keeps the note's format (its sections, in its order), and every sentence cites turns of
 * the session's transcript, so a reader can still check the note against what was said. A signed version
 * is never changed: it moves, as signed, to the history. Editing a note the engine could not write
 * (`unavailable`) writes it.
 */
import type { z } from 'zod';
import type { EditNoteRequestSchema } from '../../schemas/api.js';
import {
  MAX_NOTE_RECORD_BYTES,
  NOTE_SECTIONS,
  ProgressNoteSchema,
  type NoteSection,
  type NoteSentence,
  type NoteVersion,
  type ProgressNote,
} from '../../schemas/note.js';
import type { FieldError } from '../../schemas/problems.js';
import type { SessionRecord } from '../../schemas/session-record.js';
import type { Transcript } from '../../schemas/transcript.js';
import { ConflictError, InvalidInputError, TooLargeError } from '../core/errors.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';
import { jsonBytes, kilobytes } from './stored-record.js';
import { currentNoteVersion, editedFields, readSessionTranscript, writeNoteVersion, type NoteFields } from './session-note.js';

export type EditNoteRequest = z.infer<typeof EditNoteRequestSchema>;

export interface EditNoteDeps {
  sessions: Pick<SessionRepository, 'updateNote'>;
  /** The artifacts bucket's store, where the session's transcript is. */
  objects: Pick<ObjectStore, 'head' | 'read'>;
  artifactsBucket: string;
  now: () => Date;
}

/** An edit that cannot become the note: `fields` point at what is wrong in the request. */
export class InvalidNoteEditError extends InvalidInputError {
  constructor(
    message: string,
    code: string,
    readonly fields: FieldError[],
  ) {
    super(message, code);
  }
}

/** An edit that would make the session's record larger than one DynamoDB item may be (HTTP 413). */
export class NoteTooLargeError extends TooLargeError {}

/**
 * The record as the edit leaves it, measured as the session repository measures what it writes (UTF-8
 * JSON): the edit replaces the note and its version fields and removes the signature, and every signed
 * version stays whole in the history. Over {@link MAX_NOTE_RECORD_BYTES}, nothing is written.
 */
function checkRecordSize(record: SessionRecord, fields: NoteFields): void {
  const { noteSignature: _signature, noteHistory: _history, noteEditedBy: _by, noteEditedAt: _at, ...kept } = record;
  const bytes = jsonBytes({ ...kept, ...fields });
  if (bytes <= MAX_NOTE_RECORD_BYTES) return;
  const history = fields.noteHistory ?? [];
  const signed =
    history.length > 0
      ? `; the ${history.length} signed version${history.length === 1 ? '' : 's'} kept whole with it take ${kilobytes(jsonBytes(history))} KB of that`
      : '';
  throw new NoteTooLargeError(
    `the edited note would make the session's record ${kilobytes(bytes)} KB, over the ${MAX_NOTE_RECORD_BYTES / 1024} KB a record may hold ` +
      `(DynamoDB's 400 KB item limit, less room for the record's keys)${signed}; shorten the note (fewer or shorter sentences) and send it again`,
    'note_too_large',
  );
}

/**
 * An edit keeps the format: the sections are the format's, in the note's order (the format's, or the
 * clinic template's). A note with no sections yet (unavailable) may be written in any order of them.
 */
function checkSections(note: ProgressNote, sections: readonly NoteSection[]): void {
  const { format } = note;
  const formatOrder = NOTE_SECTIONS[format];
  const names = sections.map((s) => s.name);
  if (note.sections.length === 0) {
    if (names.length === formatOrder.length && formatOrder.every((name) => names.includes(name))) return;
    const detail = `a ${format.toUpperCase()} note has the sections ${formatOrder.join(', ')}; send each of them once`;
    throw new InvalidNoteEditError(`the edited note's sections do not match its format: ${detail}`, 'sections_mismatch', [{ pointer: '/sections', detail }]);
  }
  const expected = note.sections.map((s) => s.name);
  if (names.length === expected.length && names.every((name, i) => name === expected[i])) return;
  const detail = `a ${format.toUpperCase()} note has the sections ${expected.join(', ')}, in this order; send exactly those`;
  throw new InvalidNoteEditError(`the edited note's sections do not match its format: ${detail}`, 'sections_mismatch', [{ pointer: '/sections', detail }]);
}

/** A section sent without its heading keeps the one it had: the clinic's heading is not lost to a client that ignores it. */
function withHeadings(current: ProgressNote, sections: readonly NoteSection[]): NoteSection[] {
  return sections.map((section) => {
    const heading = section.heading ?? current.sections.find((s) => s.name === section.name)?.heading;
    return heading ? { ...section, heading } : section;
  });
}

/** Every sentence must cite turns of this session, so a reader can still check it against the transcript. */
function checkEvidence(request: EditNoteRequest, transcript: Transcript, sessionId: string): void {
  const turns = new Set(transcript.turns.map((t) => t.id));
  const unknown: { sentence: string; ids: string[] }[] = [];
  const check = (sentences: readonly NoteSentence[], at: string): void => {
    for (const [i, sentence] of sentences.entries()) {
      const ids = sentence.evidence.filter((id) => !turns.has(id));
      if (ids.length > 0) unknown.push({ sentence: `${at}/${i}`, ids });
    }
  };
  for (const [s, section] of request.sections.entries()) check(section.sentences, `/sections/${s}/sentences`);
  check(request.homework ?? [], '/homework');
  check(request.planForNextSession ?? [], '/planForNextSession');
  if (unknown.length === 0) return;
  // Sentences are named by where they are, never by their text: the message reaches logs.
  const fields: FieldError[] = unknown.map((u) => ({
    pointer: `${u.sentence}/evidence`,
    detail: `cites ${u.ids.join(', ')}, not a turn of this session's transcript`,
  }));
  const listed = unknown.slice(0, 5).map((u) => `${u.sentence} (${u.ids.join(', ')})`);
  throw new InvalidNoteEditError(
    `${unknown.length} sentence${unknown.length === 1 ? '' : 's'} cite turns the session's transcript does not have: ${listed.join('; ')}${unknown.length > 5 ? '; …' : ''}; ` +
      `cite turn ids from GET /sessions/${sessionId}?include=transcript`,
    'unknown_evidence',
    fields,
  );
}

/**
 * Writes the edit as the note's next version, by `editedBy`; answers that version. Refused, with nothing
 * written: an edit of a version that is no longer current ({@link ConflictError}), one that does not keep the
 * note's sections or cites turns the transcript does not have ({@link InvalidNoteEditError}), one that would make
 * the session's record too large to store ({@link NoteTooLargeError}).
 */
export async function editNote(deps: EditNoteDeps, record: SessionRecord, request: EditNoteRequest, editedBy: string): Promise<NoteVersion> {
  const current = currentNoteVersion(record);
  if (request.baseVersion !== current.version) {
    throw new ConflictError(
      `you edited version ${request.baseVersion}, but the note is at version ${current.version}: GET the note, apply your changes to version ${current.version} and send baseVersion ${current.version}`,
      'stale_note_version',
    );
  }
  checkSections(current.note, request.sections);
  // A transcript no longer stored (erased, expired) cannot be checked against: the edit is taken as sent.
  const transcript = await readSessionTranscript(deps.objects, deps.artifactsBucket, record);
  if (transcript) checkEvidence(request, transcript, record.sessionId);

  // Editing an unavailable note writes it: the clinician's sections replace none, and its reason goes.
  const { unavailableReason: _written, ...base } = current.note;
  const wasUnavailable = current.note.status === 'unavailable';
  const note = ProgressNoteSchema.parse({
    ...base,
    status: 'draft',
    sections: withHeadings(current.note, request.sections),
    homework: request.homework ?? current.note.homework,
    planForNextSession: request.planForNextSession ?? current.note.planForNextSession,
    // An unavailable note asked for review because there was no note; the written one, because of its risk.
    reviewRequired: wasUnavailable ? current.note.riskStatements.length > 0 : current.note.reviewRequired,
  });
  const edited: NoteVersion = { version: current.version + 1, note, editedBy, editedAt: deps.now().toISOString() };
  // A signed version is the record of what a clinician attested: it is kept as it was; a draft is simply replaced.
  const noteHistory = current.signature ? [...(record.noteHistory ?? []), current] : record.noteHistory;
  const fields: NoteFields = { note, noteVersion: edited.version, ...(noteHistory ? { noteHistory } : {}), ...editedFields(edited) };
  checkRecordSize(record, fields);
  await writeNoteVersion(
    deps.sessions,
    record,
    current,
    fields,
    `GET the note, apply your changes to its current version and send that version as baseVersion (a signed version stays as it was signed; your edit makes the next one)`,
  );
  return edited;
}
