/**
 * The note routes: read a session's progress note (its own format, another format rewritten by the local
 * engine from the session's stored analysis, Markdown, or FHIR R4), edit it and sign it. What an edit and a
 * signature check and write, and how versions follow each other, is the use cases'
 * (lambdas/use-cases/edit-note.ts, sign-note.ts, session-note.ts); here are the caller's access, the
 * representations, the ETag of a version and the problem each refusal is. A note the engine could not write
 * (`status: "unavailable"`) is read as it is and cannot be exported.
 */
import type * as fhir4 from 'fhir/r4';
import type { z } from 'zod';
import { toDocumentReference, validateR4 } from '../../core/fhir/index.js';
import { renderNoteMarkdown, unavailableNote, writeProgressNote } from '../../core/notes/index.js';
import { editNote, InvalidNoteEditError, type EditNoteDeps, type EditNoteRequest } from '../../use-cases/edit-note.js';
import { readSessionAnalysis } from '../../use-cases/session-analysis.js';
import { currentNoteVersion, NoteNotWrittenYetError, readSessionTranscript, unavailableCode } from '../../use-cases/session-note.js';
import { RiskNotAcknowledgedError, signNote, type SignNoteDeps, type SignNoteRequest } from '../../use-cases/sign-note.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import type { NoteQuerySchema } from '../../../schemas/api.js';
import type { NoteVersion, ProgressNote } from '../../../schemas/note.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { json, type Access, type ApiDeps, type Operation, type OperationSet, type RequestContext } from '../context.js';
import { Problem } from '../problem.js';

type NoteQuery = z.infer<typeof NoteQuerySchema>;

export const FHIR_CONTENT_TYPE = 'application/fhir+json';
export const MARKDOWN_CONTENT_TYPE = 'text/markdown; charset=utf-8';
/** The client and user ids are the partner's and Cognito's, not resolvable FHIR resources: referenced by identifier. */
export const CLIENT_IDENTIFIER_SYSTEM = 'urn:attune:client';
export const USER_IDENTIFIER_SYSTEM = 'urn:attune:user';
/** How long a caller should wait before asking again for the note of a session still being processed. */
const RETRY_AFTER_SECONDS = '30';

const etag = (version: number) => ({ etag: `"v${version}"` });

/** The current version, or an earlier signed one. */
function versionOf(record: SessionRecord, current: NoteVersion, wanted: number | undefined): NoteVersion {
  if (wanted === undefined || wanted === current.version) return current;
  const earlier = record.noteHistory?.find((v) => v.version === wanted);
  if (earlier) return earlier;
  throw new Problem(
    'not-found',
    `the note has no version ${wanted} to show: the current version is ${current.version}, and earlier versions are kept only when they were signed`,
  );
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
    throw new Problem(
      'conflict',
      `session ${id}'s note is unavailable (${unavailableCode(shown.note)}): there is no note to export as FHIR; write it with PUT /sessions/${id}/note, then ask again`,
    );
  }
  const built = toDocumentReference(shown.note, { markdown: renderNoteMarkdown(shown.note), now });
  const resource: fhir4.DocumentReference = {
    ...built,
    meta: { ...built.meta, versionId: String(shown.version) },
    status: isCurrent ? 'current' : 'superseded',
    subject: { type: 'Patient', identifier: { system: CLIENT_IDENTIFIER_SYSTEM, value: record.clientId } },
    ...(shown.signature ? { authenticator: { type: 'Practitioner', identifier: { system: USER_IDENTIFIER_SYSTEM, value: shown.signature.signedBy } } } : {}),
  };
  const problems = validateR4(resource);
  // Our export is wrong, not the caller's request: a 500 whose message names no note content.
  if (problems.length > 0) throw new Error(`the FHIR DocumentReference of session ${record.sessionId} failed R4 validation (${problems.length} problems)`);
  return resource;
}

/**
 * Runs an operation; the use cases' refusals that carry more than a message (a retry time, the fields at
 * fault) become their problems. Their other errors (conflict, not found) the handler maps as they are.
 */
function refusingAsProblems(operation: Operation): Operation {
  return async (ctx) => {
    try {
      return await operation(ctx);
    } catch (error) {
      if (error instanceof NoteNotWrittenYetError) throw new Problem('conflict', error.message, { headers: { 'retry-after': RETRY_AFTER_SECONDS } });
      if (error instanceof RiskNotAcknowledgedError) throw new Problem('conflict', error.message, { errors: [error.field] });
      if (error instanceof InvalidNoteEditError) throw new Problem('invalid-request', error.message, { errors: error.fields });
      throw error;
    }
  };
}

export function createNoteOperations(deps: ApiDeps, access: Access): OperationSet<'getNote' | 'editNote' | 'signNote'> {
  const editing: EditNoteDeps = { sessions: deps.sessions, objects: deps.objects, artifactsBucket: deps.config.artifactsBucket, now: deps.now };
  const signing: SignNoteDeps = { sessions: deps.sessions, now: deps.now };

  return {
    getNote: refusingAsProblems(async (ctx: RequestContext<NoteQuery>) => {
      const sessionId = ctx.params.id ?? '';
      const record = await access.session(ctx.principal, sessionId, { content: true });
      ctx.touched.clientId = record.clientId;
      const current = currentNoteVersion(record);
      const { format, version } = ctx.query;
      const accept = ctx.headers.accept;

      if (format !== undefined && format !== 'fhir' && format !== current.note.format) {
        if (version !== undefined) {
          const detail = `version picks a stored version (format ${current.note.format} or fhir); another format is always rewritten from the transcript`;
          throw new Problem('invalid-request', `the query is not valid: ${detail}`, { errors: [{ pointer: '?version', detail }] });
        }
        const transcript = await readSessionTranscript(deps.objects, deps.config.artifactsBucket, record);
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
    }),

    editNote: refusingAsProblems(async (ctx: RequestContext<unknown, EditNoteRequest>) => {
      const { principal, body } = ctx;
      const record = await access.session(principal, ctx.params.id ?? '', { content: true });
      ctx.touched.clientId = record.clientId;
      const edited = await editNote(editing, record, body, principal.userId);
      return json(200, edited, etag(edited.version));
    }),

    signNote: refusingAsProblems(async (ctx: RequestContext<unknown, SignNoteRequest>) => {
      const { principal, body } = ctx;
      const record = await access.session(principal, ctx.params.id ?? '', { content: true });
      ctx.touched.clientId = record.clientId;
      const signed = await signNote(signing, record, body, principal.userId);
      return json(200, signed, etag(signed.version));
    }),
  };
}
