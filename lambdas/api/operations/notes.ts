/**
 * The note routes: read a session's progress note (its own format, another format rewritten by the local
 * engine from the session's stored analysis, Markdown, or FHIR R4), edit it and sign it. Versions: the
 * note the workflow wrote is version 1 and each edit adds one. A signed version is never changed: an edit after signing moves it, as signed,
 * to `noteHistory`, and the edit becomes the new, unsigned current version. A note the engine could not
 * write (`status: "unavailable"`) is read as it is, cannot be signed or exported, and an edit writes it.
 * A note whose clinic template requires lines (docs/templates.md) cannot be signed until an edit writes them.
 */
import { createHash } from 'node:crypto';
import type * as fhir4 from 'fhir/r4';
import type { z } from 'zod';
import { toDocumentReference, validateR4 } from '../../core/fhir/index.js';
import { renderNoteMarkdown, unavailableNote, writeProgressNote } from '../../core/notes/index.js';
import { unfilledLines } from '../../core/notes/template.js';
import { reviewLevelOf, type SessionRepository } from '../../ports/session-repository.js';
import { readSessionAnalysis } from '../../use-cases/session-analysis.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import type { EditNoteRequestSchema, NoteQuerySchema, SignNoteRequestSchema } from '../../../schemas/api.js';
import { NOTE_SECTIONS, ProgressNoteSchema, type NoteFormat, type NoteSection, type NoteSentence, type NoteVersion, type ProgressNote } from '../../../schemas/note.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { TranscriptSchema, type Transcript } from '../../../schemas/transcript.js';
import { json, type Access, type ApiDeps, type OperationSet, type RequestContext } from '../context.js';
import { Problem, type FieldError } from '../problem.js';
import { canonicalJson } from '../../core/canonical-json.js';

type NoteQuery = z.infer<typeof NoteQuerySchema>;
type EditNoteRequest = z.infer<typeof EditNoteRequestSchema>;
type SignNoteRequest = z.infer<typeof SignNoteRequestSchema>;
type NoteFields = Omit<Parameters<SessionRepository['updateNote']>[2], 'reviewLevel'>;

export const FHIR_CONTENT_TYPE = 'application/fhir+json';
export const MARKDOWN_CONTENT_TYPE = 'text/markdown; charset=utf-8';
/** The client and user ids are the partner's and Cognito's, not resolvable FHIR resources: referenced by identifier. */
export const CLIENT_IDENTIFIER_SYSTEM = 'urn:attune:client';
export const USER_IDENTIFIER_SYSTEM = 'urn:attune:user';
/** How long a caller should wait before asking again for the note of a session still being processed. */
const RETRY_AFTER_SECONDS = '30';


const etag = (version: number) => ({ etag: `"v${version}"` });

/** The current version of a COMPLETED session's note; 409 while it is processing or when it failed, 404 without a note. */
function currentVersion(record: SessionRecord): NoteVersion {
  const id = record.sessionId;
  if (record.status === 'FAILED') {
    throw new Problem('conflict', `session ${id} failed (${record.failure?.code ?? 'no reason recorded'}), so it has no note; GET /sessions/${id} says why`);
  }
  if (record.status !== 'COMPLETED') {
    throw new Problem('conflict', `session ${id} is ${record.status}: its note is written when processing completes; retry later`, {
      headers: { 'retry-after': RETRY_AFTER_SECONDS },
    });
  }
  if (!record.note) throw new Problem('not-found', `session ${id} has no progress note`);
  return {
    version: record.noteVersion ?? 1,
    note: record.note,
    ...(record.noteEditedBy ? { editedBy: record.noteEditedBy } : {}),
    ...(record.noteEditedAt ? { editedAt: record.noteEditedAt } : {}),
    ...(record.noteSignature ? { signature: record.noteSignature } : {}),
  };
}

/** The current version, or an earlier signed one. */
function versionOf(record: SessionRecord, current: NoteVersion, wanted: number | undefined): NoteVersion {
  if (wanted === undefined || wanted === current.version) return current;
  const earlier = record.noteHistory?.find((v) => v.version === wanted);
  if (earlier) return earlier;
  throw new Problem('not-found', `the note has no version ${wanted} to show: the current version is ${current.version}, and earlier versions are kept only when they were signed`);
}

/** The session's stored transcript, or null when it is gone (erased, expired, never kept). */
async function readTranscript(deps: ApiDeps, record: SessionRecord): Promise<Transcript | null> {
  if (!record.transcriptKey) return null;
  if (!(await deps.objects.head(deps.config.artifactsBucket, record.transcriptKey))) return null;
  const bytes = await deps.objects.read(deps.config.artifactsBucket, record.transcriptKey);
  return TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

/** Whether `Accept` ranks text/markdown above JSON (q-values honoured; a tie stays JSON). */
function wantsMarkdown(accept: string | undefined): boolean {
  if (!accept) return false;
  const weight: Record<string, number> = {};
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    weight[type] = Math.max(weight[type] ?? 0, Number.isFinite(value) ? value : 0);
  }
  return (weight['text/markdown'] ?? 0) > (weight['application/json'] ?? 0);
}

function markdown(note: ProgressNote, headers: Record<string, string>) {
  return { statusCode: 200, headers: { 'content-type': MARKDOWN_CONTENT_TYPE, 'cache-control': 'no-store', ...headers }, body: renderNoteMarkdown(note) };
}

/**
 * A version as a FHIR R4 DocumentReference: docStatus final when it is signed (the note is then final),
 * preliminary otherwise; a superseded signed version says so in `status`. Checked before it leaves.
 */
function documentReference(record: SessionRecord, shown: NoteVersion, isCurrent: boolean, now: Date): fhir4.DocumentReference {
  if (shown.note.status === 'unavailable') {
    const id = record.sessionId;
    throw new Problem('conflict', `session ${id}'s note is unavailable (${unavailableCode(shown.note)}): there is no note to export as FHIR; write it with PUT /sessions/${id}/note, then ask again`);
  }
  const built = toDocumentReference(shown.note, { markdown: renderNoteMarkdown(shown.note), now });
  const resource: fhir4.DocumentReference = {
    ...built,
    meta: { ...built.meta, versionId: String(shown.version) },
    status: isCurrent ? 'current' : 'superseded',
    subject: { type: 'Patient', identifier: { system: CLIENT_IDENTIFIER_SYSTEM, value: record.clientId } },
    ...(shown.signature
      ? { authenticator: { type: 'Practitioner', identifier: { system: USER_IDENTIFIER_SYSTEM, value: shown.signature.signedBy } } }
      : {}),
  };
  const problems = validateR4(resource);
  // Our export is wrong, not the caller's request: a 500 whose message names no note content.
  if (problems.length > 0) throw new Error(`the FHIR DocumentReference of session ${record.sessionId} failed R4 validation (${problems.length} problems)`);
  return resource;
}

const unavailableCode = (note: ProgressNote): string => note.unavailableReason?.code ?? 'note_unavailable';

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
    throw new Problem('invalid-request', `the edited note's sections do not match its format: ${detail}`, { errors: [{ pointer: '/sections', detail }] });
  }
  const expected = note.sections.map((s) => s.name);
  if (names.length === expected.length && names.every((name, i) => name === expected[i])) return;
  const detail = `a ${format.toUpperCase()} note has the sections ${expected.join(', ')}, in this order; send exactly those`;
  throw new Problem('invalid-request', `the edited note's sections do not match its format: ${detail}`, { errors: [{ pointer: '/sections', detail }] });
}

/** A section sent without its heading keeps the one it had: the clinic's heading is not lost to a client that ignores it. */
function withHeadings(current: ProgressNote, sections: readonly NoteSection[]): NoteSection[] {
  return sections.map((section) => {
    const heading = section.heading ?? current.sections.find((s) => s.name === section.name)?.heading;
    return heading ? { ...section, heading } : section;
  });
}

/** Every sentence must cite turns of this session, so a reader can still check it against the transcript. */
function checkEvidence(body: EditNoteRequest, transcript: Transcript, sessionId: string): void {
  const turns = new Set(transcript.turns.map((t) => t.id));
  const unknown: { sentence: string; ids: string[] }[] = [];
  const check = (sentences: readonly NoteSentence[], at: string) =>
    sentences.forEach((sentence, i) => {
      const ids = sentence.evidence.filter((id) => !turns.has(id));
      if (ids.length > 0) unknown.push({ sentence: `${at}/${i}`, ids });
    });
  body.sections.forEach((section, s) => check(section.sentences, `/sections/${s}/sentences`));
  check(body.homework ?? [], '/homework');
  check(body.planForNextSession ?? [], '/planForNextSession');
  if (unknown.length === 0) return;
  // Sentences are named by where they are, never by their text: the detail reaches logs.
  const errors: FieldError[] = unknown.map((u) => ({ pointer: `${u.sentence}/evidence`, detail: `cites ${u.ids.join(', ')}, not a turn of this session's transcript` }));
  const listed = unknown.slice(0, 5).map((u) => `${u.sentence} (${u.ids.join(', ')})`);
  throw new Problem(
    'invalid-request',
    `${unknown.length} sentence${unknown.length === 1 ? '' : 's'} cite turns the session's transcript does not have: ${listed.join('; ')}${unknown.length > 5 ? '; …' : ''}; ` +
      `cite turn ids from GET /sessions/${sessionId}?include=transcript`,
    { errors },
  );
}

function editedFields(version: NoteVersion): Pick<SessionRecord, 'noteEditedBy' | 'noteEditedAt'> {
  return { ...(version.editedBy ? { noteEditedBy: version.editedBy } : {}), ...(version.editedAt ? { noteEditedAt: version.editedAt } : {}) };
}

export function createNoteOperations(deps: ApiDeps, access: Access): OperationSet<'getNote' | 'editNote' | 'signNote'> {
  async function write(record: SessionRecord, expectedVersion: number, fields: NoteFields): Promise<void> {
    // Signing takes the session out of the review queue; an unsigned version (an edit after signing) puts it back.
    const reviewLevel = reviewLevelOf({ status: record.status, risk: record.risk, note: fields.note, noteSignature: fields.noteSignature });
    const written = await deps.sessions.updateNote({ tenantId: record.tenantId, sessionId: record.sessionId }, expectedVersion, { ...fields, reviewLevel });
    if (!written) {
      throw new Problem('conflict', `another edit or signature of the note came first (it is no longer version ${expectedVersion}); GET the note and try again`);
    }
  }

  return {
    async getNote(ctx: RequestContext<NoteQuery>) {
      const sessionId = ctx.params.id ?? '';
      const record = await access.session(ctx.principal, sessionId, { content: true });
      ctx.touched.clientId = record.clientId;
      const current = currentVersion(record);
      const { format, version } = ctx.query;
      const accept = ctx.headers.accept;

      if (format !== undefined && format !== 'fhir' && format !== current.note.format) {
        if (version !== undefined) {
          const detail = `version picks a stored version (format ${current.note.format} or fhir); another format is always rewritten from the transcript`;
          throw new Problem('invalid-request', `the query is not valid: ${detail}`, { errors: [{ pointer: '?version', detail }] });
        }
        const transcript = await readTranscript(deps, record);
        if (!transcript) {
          throw new Problem(
            'conflict',
            `session ${sessionId}'s transcript is no longer stored, so its note cannot be rewritten as ${format}; ask for the stored format (${current.note.format}) or fhir`,
          );
        }
        // A rewrite by the local engine from the analysis the workflow stored (the one the scores and the stored
        // note rest on): a draft for reading, never the signed record, so it carries no ETag. A session processed
        // before the analysis was stored has none: it is analysed here, on each such read (the API writes no artifacts).
        const { analysis } = await readSessionAnalysis(deps.objects, deps.config.artifactsBucket, sessionAnalysisKey(record), transcript, deps.now);
        const task = { transcript, format, sessionDate: record.sessionDate, createdAt: deps.now() };
        let note: ProgressNote;
        try {
          note = writeProgressNote({ ...task, analysis });
        } catch {
          // As in the workflow: an engine defect gives an unavailable note, with the session's risk statements.
          note = unavailableNote({ ...task, risk: analysis.risk });
        }
        if (wantsMarkdown(accept)) return markdown(note, {});
        return json(200, { sessionId, version: current.version, note, regenerated: true });
      }

      const shown = versionOf(record, current, version);
      if (format === 'fhir') {
        const resource = documentReference(record, shown, shown === current, deps.now());
        return json(200, resource, { 'content-type': FHIR_CONTENT_TYPE, ...etag(shown.version) });
      }
      if (wantsMarkdown(accept)) return markdown(shown.note, etag(shown.version));
      return json(200, { sessionId, ...shown, regenerated: false }, etag(shown.version));
    },

    async editNote(ctx: RequestContext<unknown, EditNoteRequest>) {
      const { principal, body } = ctx;
      const record = await access.session(principal, ctx.params.id ?? '', { content: true });
      ctx.touched.clientId = record.clientId;
      const current = currentVersion(record);
      if (body.baseVersion !== current.version) {
        throw new Problem(
          'conflict',
          `you edited version ${body.baseVersion}, but the note is at version ${current.version}: GET the note, apply your changes to version ${current.version} and send baseVersion ${current.version}`,
        );
      }
      checkSections(current.note, body.sections);
      const transcript = await readTranscript(deps, record);
      if (transcript) checkEvidence(body, transcript, record.sessionId);

      // Editing an unavailable note writes it: the clinician's sections replace none, and its reason goes.
      const { unavailableReason: _written, ...base } = current.note;
      const wasUnavailable = current.note.status === 'unavailable';
      const note = ProgressNoteSchema.parse({
        ...base,
        status: 'draft',
        sections: withHeadings(current.note, body.sections),
        homework: body.homework ?? current.note.homework,
        planForNextSession: body.planForNextSession ?? current.note.planForNextSession,
        // An unavailable note asked for review because there was no note; the written one, because of its risk.
        reviewRequired: wasUnavailable ? current.note.riskStatements.length > 0 : current.note.reviewRequired,
      });
      const edited: NoteVersion = { version: current.version + 1, note, editedBy: principal.userId, editedAt: deps.now().toISOString() };
      // A signed version is the record of what a clinician attested: it is kept as it was; a draft is simply replaced.
      const noteHistory = current.signature ? [...(record.noteHistory ?? []), current] : record.noteHistory;
      await write(record, current.version, {
        note,
        noteVersion: edited.version,
        ...(noteHistory ? { noteHistory } : {}),
        ...editedFields(edited),
      });
      return json(200, edited, etag(edited.version));
    },

    async signNote(ctx: RequestContext<unknown, SignNoteRequest>) {
      const { principal, body } = ctx;
      const record = await access.session(principal, ctx.params.id ?? '', { content: true });
      ctx.touched.clientId = record.clientId;
      const current = currentVersion(record);
      if (body.version !== current.version) {
        throw new Problem('conflict', `you reviewed version ${body.version}, but the note is at version ${current.version}: review version ${current.version} and sign that`);
      }
      if (current.signature) throw new Problem('conflict', `the note version ${current.version} is already signed; edit it to make a new version`);
      if (current.note.status === 'unavailable') {
        const id = record.sessionId;
        throw new Problem(
          'conflict',
          `session ${id}'s note is unavailable (${unavailableCode(current.note)}): the engine could not write it, so there is nothing to sign; write it with PUT /sessions/${id}/note (baseVersion ${current.version}), then review and sign the new version`,
        );
      }
      const unfilled = unfilledLines(current.note);
      if (unfilled.length > 0) {
        const id = record.sessionId;
        // Named by label, id and section, never by what the note says: the detail reaches logs.
        const listed = unfilled.map((line) => `${line.label} (${line.id}, in ${line.section})`).join('; ');
        const detail =
          `the clinic's template requires ${unfilled.length === 1 ? 'a line' : 'lines'} the note does not have yet: ${listed}. ` +
          `Write each as a sentence beginning "<label>:" in its section, in place of the "to be completed by the clinician" gap, with PUT /sessions/${id}/note (baseVersion ${current.version}), then review and sign the new version`;
        throw new Problem('conflict', `the note cannot be signed yet: ${detail}`);
      }
      // The detector's risk counts even when the note says nothing of it (a note that could not be written, an edit).
      const riskToReview = record.risk?.summary.reviewRequired === true;
      if ((current.note.reviewRequired || riskToReview) && body.acknowledgeRisk !== true) {
        const detail = current.note.reviewRequired
          ? 'the note has risk statements: read them and the turns they cite, then sign with acknowledgeRisk: true'
          : `the session has risk findings for review: read them (GET /sessions/${record.sessionId}, risk) and the turns they cite, then sign with acknowledgeRisk: true`;
        throw new Problem('conflict', `the note cannot be signed yet: ${detail}`, { errors: [{ pointer: '/acknowledgeRisk', detail }] });
      }

      const note: ProgressNote = { ...current.note, status: 'final' };
      const signature = {
        version: current.version,
        signedBy: principal.userId,
        signedAt: deps.now().toISOString(),
        sha256: createHash('sha256').update(canonicalJson(note), 'utf8').digest('hex'),
        ...(body.attestation !== undefined ? { attestation: body.attestation } : {}),
      };
      await write(record, current.version, {
        note,
        noteVersion: current.version,
        noteSignature: signature,
        ...(record.noteHistory ? { noteHistory: record.noteHistory } : {}),
        ...editedFields(current),
      });
      return json(200, { ...current, note, signature }, etag(current.version));
    },
  };
}
