import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { validateR4 } from '../../../lambdas/core/fhir/index.js';
import { unavailableNote, writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { analyzeSession, type StoredSessionAnalysis } from '../../../lambdas/use-cases/session-analysis.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { NoteResponseSchema, NoteVersionSchema } from '../../../schemas/api.js';
import { NOTE_SECTIONS, type NoteFormat, type ProgressNote } from '../../../schemas/note.js';
import type { SessionStatus } from '../../../schemas/session-record.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { fixtureTranscript, root } from '../../helpers.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

const TENANT = 't1';
const CLIENT = 'client-7';
const SESSION = 's-0920';
const SESSION_DATE = '2026-09-20';
const PATH = `/sessions/${SESSION}/note`;
const clinician: Caller = { tenant: TENANT, user: 'dr-rivera', roles: ['clinician'] };
const transcriptKey = (sessionId: string) => `transcripts/${TENANT}/${CLIENT}/${sessionId}.json`;

/** A session with passive suicidal ideation, assessed in session: its note needs review before signing. */
const riskTranscript = (): Transcript => parseTranscript(readFileSync(`${root}samples/sessions/jordan/2026-09-08.txt`), { filename: '2026-09-08.txt' });

interface Seeded {
  deps: MemoryDeps;
  transcript: Transcript;
  note: ProgressNote;
  call: (
    method: string,
    path: string,
    options?: { caller?: Caller; body?: unknown; query?: Record<string, string>; headers?: Record<string, string> },
  ) => Promise<Answer>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: any;
}

/**
 * A COMPLETED session of the clinician's client, as the workflow leaves it: note version 1, transcript and
 * analysis stored. `storedAnalysis`: the analysis artifact to store instead, or null for a session processed
 * before the analysis was stored.
 */
async function seed(
  options: { transcript?: Transcript; status?: SessionStatus; format?: NoteFormat; unavailable?: boolean; storedAnalysis?: StoredSessionAnalysis | null } = {},
): Promise<Seeded> {
  const deps = memoryDeps();
  const transcript = options.transcript ?? fixtureTranscript('good-alliance.txt');
  const analysis = analyzeTranscript(transcript);
  const task = { transcript, format: options.format ?? 'soap', sessionDate: SESSION_DATE, createdAt: new Date('2026-09-20T16:00:00Z') } as const;
  // `unavailable`: the note GenerateNote stores when the note engine fails.
  const note = options.unavailable ? unavailableNote(task) : writeProgressNote({ ...task, analysis });
  const key = { tenantId: TENANT, sessionId: SESSION };
  await deps.clients.assign({ tenantId: TENANT, clientId: CLIENT, clinicianId: clinician.user, createdAt: '2026-09-01T09:00:00Z' });
  await deps.sessions.createReceived({
    ...key,
    clientId: CLIENT,
    status: 'RECEIVED',
    sessionDate: SESSION_DATE,
    createdAt: '2026-09-20T15:00:00Z',
    updatedAt: '2026-09-20T15:00:00Z',
    timings: {},
  });
  const status = options.status ?? 'COMPLETED';
  if (status === 'COMPLETED') {
    await deps.objects.write(deps.config.artifactsBucket, transcriptKey(SESSION), JSON.stringify(transcript), 'application/json');
    const stored = options.storedAnalysis === undefined ? analyzeSession(transcript, new Date('2026-09-20T15:59:00Z')) : options.storedAnalysis;
    if (stored)
      await deps.objects.write(deps.config.artifactsBucket, sessionAnalysisKey({ ...key, clientId: CLIENT }), JSON.stringify(stored), 'application/json');
    await deps.sessions.complete(key, { ...analysis, note, transcriptKey: transcriptKey(SESSION), timings: { analyze: 1200 } });
  } else if (status === 'FAILED') {
    await deps.sessions.fail(key, { code: 'transcript_too_short', message: 'the transcript has too few turns to analyse' });
  } else {
    await deps.sessions.updateStatus(key, status);
  }
  const handler = createApiHandler(deps);
  const call: Seeded['call'] = async (method, path, o = {}) => {
    const result: APIGatewayProxyResult = await handler(
      apiEvent(method, path, { caller: o.caller ?? clinician, body: o.body, query: o.query, headers: o.headers }),
    );
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    let body: unknown = null;
    try {
      body = JSON.parse(result.body);
    } catch {
      body = null;
    }
    return { status: result.statusCode, headers, text: result.body, body };
  };
  return { deps, transcript, note, call };
}

/** Sorted keys, no undefined members: what a caller would compute to check a signature's hash. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const sha256 = (note: unknown) => createHash('sha256').update(canonical(note)).digest('hex');

/** The note's sections with the first sentence reworded by the clinician (same evidence). */
function reworded(note: ProgressNote, text = 'Client described sleeping better on most nights this week.') {
  const [first, ...rest] = note.sections;
  const [sentence, ...others] = first!.sentences;
  return [{ ...first!, sentences: [{ text, kind: sentence!.kind, evidence: sentence!.evidence }, ...others] }, ...rest];
}

describe('GET /sessions/{id}/note', () => {
  it('answers the current version in the stored format, with its ETag', async () => {
    // Prepare
    const { call, note } = await seed();
    // Act
    const answer = await call('GET', PATH);
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"v1"');
    const parsed = NoteResponseSchema.parse(answer.body);
    expect(parsed).toMatchObject({ sessionId: SESSION, version: 1, regenerated: false });
    expect(parsed.note).toEqual(note);
    expect(parsed.signature).toBeUndefined();
    expect((await call('GET', PATH, { query: { format: 'soap' } })).body.regenerated).toBe(false);
  });

  it.each(['dap', 'birp', 'girp', 'narrative'] as const)(
    'rewrites the note as %s from the stored transcript, unsigned and marked regenerated',
    async (format) => {
      const { call, transcript } = await seed();
      const answer = await call('GET', PATH, { query: { format } });
      expect(answer.status).toBe(200);
      const { note, regenerated, signature } = NoteResponseSchema.parse(answer.body);
      expect(regenerated).toBe(true);
      expect(signature).toBeUndefined();
      expect(note).toMatchObject({ format, status: 'draft', provenance: { engine: 'local', modelId: null } });
      expect(note.sections.map((s) => s.name)).toEqual(NOTE_SECTIONS[format]);
      expect(note.sessionFacts.date).toBe(SESSION_DATE);
      const turns = new Set(transcript.turns.map((t) => t.id));
      for (const s of note.sections.flatMap((x) => x.sentences)) for (const id of s.evidence) expect(turns.has(id)).toBe(true);
    },
  );

  it('rewrites another format from the analysis the workflow stored, never analysing again: an altered analysis shows in the note', async () => {
    // Prepare: a session with a disclosure, whose stored analysis (altered here) has the risk of a session without one
    const transcript = riskTranscript();
    const fresh = analyzeSession(transcript, new Date('2026-09-20T15:59:00Z'));
    const calm = analyzeTranscript(fixtureTranscript('good-alliance.txt')).risk;
    expect(fresh.risk.episodes.length).toBeGreaterThan(0);
    expect(calm.episodes).toEqual([]);
    const { call } = await seed({ transcript, storedAnalysis: { ...fresh, risk: calm } });

    // Act
    const answer = await call('GET', PATH, { query: { format: 'dap' } });

    // Assess: the DAP note says what the stored analysis says (no risk), which a fresh analysis would not
    const { note } = NoteResponseSchema.parse(answer.body);
    expect(note.format).toBe('dap');
    expect(note.riskStatements).toEqual([]);
    expect(note.reviewRequired).toBe(false);
    const fromFresh = writeProgressNote({ transcript, analysis: fresh, format: 'dap', sessionDate: SESSION_DATE, createdAt: new Date() });
    expect(fromFresh.riskStatements.length).toBeGreaterThan(0);
  });

  it('rewrites another format for a session processed before the analysis was stored, analysing its transcript', async () => {
    // Prepare: an older session: transcript and note, no analysis artifact
    const transcript = riskTranscript();
    const { call, deps } = await seed({ transcript, storedAnalysis: null });
    expect(await deps.objects.head(deps.config.artifactsBucket, sessionAnalysisKey({ tenantId: TENANT, clientId: CLIENT, sessionId: SESSION }))).toBeNull();

    // Act
    const answer = await call('GET', PATH, { query: { format: 'birp' } });

    // Assess: the note the engine writes from the transcript, risk and all
    expect(answer.status).toBe(200);
    const { note } = NoteResponseSchema.parse(answer.body);
    const expected = writeProgressNote({
      transcript,
      analysis: analyzeTranscript(transcript),
      format: 'birp',
      sessionDate: SESSION_DATE,
      createdAt: new Date(note.provenance.createdAt),
    });
    expect(note).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(note.riskStatements.length).toBeGreaterThan(0);
  });

  it('answers Markdown for Accept: text/markdown, in the stored format or another', async () => {
    const { call } = await seed();
    const stored = await call('GET', PATH, { headers: { accept: 'text/markdown' } });
    expect(stored.status).toBe(200);
    expect(stored.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(stored.headers.etag).toBe('"v1"');
    expect(stored.text).toMatch(/^# Progress note \(SOAP\): draft/);
    expect(stored.text).toContain('## Subjective');
    const dap = await call('GET', PATH, { query: { format: 'dap' }, headers: { accept: 'text/markdown' } });
    expect(dap.text).toMatch(/^# Progress note \(DAP\): draft/);
    const preferJson = await call('GET', PATH, { headers: { accept: 'application/json, text/markdown;q=0.5' } });
    expect(preferJson.headers['content-type']).toBe('application/json');
  });

  it('answers a FHIR R4 DocumentReference: preliminary while a draft, final once signed', async () => {
    const { call } = await seed();
    const draft = await call('GET', PATH, { query: { format: 'fhir' } });
    expect(draft.status).toBe(200);
    expect(draft.headers['content-type']).toBe('application/fhir+json');
    expect(validateR4(draft.body)).toEqual([]);
    expect(draft.body).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'preliminary',
      meta: { versionId: '1' },
      subject: { identifier: { system: 'urn:attune:client', value: CLIENT } },
    });
    expect(draft.body.authenticator).toBeUndefined();

    expect((await call('POST', `${PATH}/sign`, { body: { version: 1 } })).status).toBe(200);
    const signed = await call('GET', PATH, { query: { format: 'fhir' } });
    expect(validateR4(signed.body)).toEqual([]);
    expect(signed.body).toMatchObject({ status: 'current', docStatus: 'final', authenticator: { identifier: { value: clinician.user } } });
  });

  it('keeps an earlier signed version readable with ?version=, as JSON and as superseded FHIR', async () => {
    const { call, note } = await seed();
    await call('POST', `${PATH}/sign`, { body: { version: 1 } });
    await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } });
    const v1 = await call('GET', PATH, { query: { version: '1' } });
    expect(v1.status).toBe(200);
    expect(v1.headers.etag).toBe('"v1"');
    expect(v1.body).toMatchObject({ version: 1, note: { status: 'final' }, signature: { version: 1 }, regenerated: false });
    const fhir = await call('GET', PATH, { query: { version: '1', format: 'fhir' } });
    expect(validateR4(fhir.body)).toEqual([]);
    expect(fhir.body).toMatchObject({ status: 'superseded', docStatus: 'final', meta: { versionId: '1' } });
    expect((await call('GET', PATH, { query: { version: '7' } })).status).toBe(404);
    expect((await call('GET', PATH, { query: { version: '1', format: 'dap' } })).status).toBe(400);
  });

  it('refuses with 409 while the session is processing, and when it failed', async () => {
    const analyzing = await (await seed({ status: 'ANALYZING' })).call('GET', PATH);
    expect(analyzing.status).toBe(409);
    expect(analyzing.body.detail).toMatch(/ANALYZING.*retry later/);
    expect(analyzing.headers['retry-after']).toBe('30');
    const failed = await (await seed({ status: 'FAILED' })).call('GET', PATH);
    expect(failed.status).toBe(409);
    expect(failed.body.detail).toContain('transcript_too_short');
  });

  it('cannot rewrite in another format once the transcript is gone, but still answers the stored note', async () => {
    const { call, deps } = await seed();
    await deps.objects.deleteAllVersions(deps.config.artifactsBucket, transcriptKey(SESSION));
    const other = await call('GET', PATH, { query: { format: 'birp' } });
    expect(other.status).toBe(409);
    expect(other.body.detail).toMatch(/transcript is no longer stored.*soap/);
    expect((await call('GET', PATH)).status).toBe(200);
    expect((await call('GET', PATH, { query: { format: 'fhir' } })).status).toBe(200);
  });
});

describe('who may read the note', () => {
  it('refuses a supervisor with 403: they see scores, not note text', async () => {
    const { call } = await seed();
    const answer = await call('GET', PATH, { caller: { tenant: TENANT, user: 'sup-1', roles: ['supervisor'] } });
    expect(answer.status).toBe(403);
  });

  it('answers 404 to another clinician and to another tenant, as if the session did not exist', async () => {
    const { call } = await seed();
    expect((await call('GET', PATH, { caller: { tenant: TENANT, user: 'dr-other', roles: ['clinician'] } })).status).toBe(404);
    expect((await call('GET', PATH, { caller: { tenant: 't2', user: clinician.user, roles: ['clinician', 'admin'] } })).status).toBe(404);
    expect(
      (
        await call('PUT', PATH, {
          caller: { tenant: TENANT, user: 'dr-other', roles: ['clinician'] },
          body: { baseVersion: 1, sections: [{ name: 'Subjective', sentences: [] }] },
        })
      ).status,
    ).toBe(404);
  });

  it('lets an admin read but not edit or sign', async () => {
    const { call, note } = await seed();
    const admin: Caller = { tenant: TENANT, user: 'admin-1', roles: ['admin'] };
    expect((await call('GET', PATH, { caller: admin })).status).toBe(200);
    expect((await call('PUT', PATH, { caller: admin, body: { baseVersion: 1, sections: note.sections } })).status).toBe(403);
    expect((await call('POST', `${PATH}/sign`, { caller: admin, body: { version: 1 } })).status).toBe(403);
  });
});

describe('PUT /sessions/{id}/note', () => {
  it('makes version 2, a draft, recording who edited it', async () => {
    const { call, note } = await seed();
    const answer = await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note), homework: [] } });
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('"v2"');
    const edited = NoteVersionSchema.parse(answer.body);
    expect(edited).toMatchObject({
      version: 2,
      editedBy: clinician.user,
      editedAt: '2026-10-01T12:00:00.000Z',
      note: { status: 'draft', format: 'soap', homework: [] },
    });
    expect(edited.note.planForNextSession).toEqual(note.planForNextSession);
    expect(edited.note.riskStatements).toEqual(note.riskStatements);
    const read = await call('GET', PATH);
    expect(read.body).toMatchObject({ version: 2, note: { sections: reworded(note) } });
    expect(read.headers.etag).toBe('"v2"');
  });

  it('refuses a stale baseVersion with 409 naming the current version, and changes nothing', async () => {
    const { call, note } = await seed();
    await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } });
    const stale = await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note, 'Client slept poorly.') } });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('version 2');
    expect((await call('GET', PATH)).body.note.sections).toEqual(reworded(note));
  });

  it("refuses sections that are not the format's, in order, with a pointer at /sections", async () => {
    const { call, note } = await seed();
    const swapped = [note.sections[1]!, note.sections[0]!, ...note.sections.slice(2)];
    const answer = await call('PUT', PATH, { body: { baseVersion: 1, sections: swapped } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ pointer: '/sections' })]);
    expect(answer.body.detail).toContain('Subjective, Objective, Assessment, Plan');
  });

  it('refuses evidence that is not a turn of the transcript, naming the sentence and never its text', async () => {
    const { call, note } = await seed();
    const secret = 'Client mentioned a very private detail.';
    const sections = reworded(note);
    sections[2] = { ...sections[2]!, sentences: [{ text: secret, kind: 'finding', evidence: ['t9999'] }] };
    const answer = await call('PUT', PATH, { body: { baseVersion: 1, sections } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ pointer: '/sections/2/sentences/0/evidence', detail: expect.stringContaining('t9999') }]);
    expect(answer.text).not.toContain(secret);
  });

  it('skips the evidence check once the transcript is gone', async () => {
    const { call, deps, note } = await seed();
    await deps.objects.deleteAllVersions(deps.config.artifactsBucket, transcriptKey(SESSION));
    const answer = await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } });
    expect(answer.status).toBe(200);
  });

  it('answers 409 when another edit lands between the read and the write', async () => {
    const { call, deps, note } = await seed();
    const original = deps.sessions.updateNote.bind(deps.sessions);
    let raced = false;
    deps.sessions.updateNote = async (key, expected, fields) => {
      if (!raced) {
        raced = true;
        await original(key, expected, { note, noteVersion: expected.version + 1 });
      }
      return original(key, expected, fields);
    };
    const answer = await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } });
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toMatch(/another edit or signature/);
  });

  it('refuses an edit before the session completed', async () => {
    const { call, note } = await seed({ status: 'TRANSCRIBING' });
    expect((await call('PUT', PATH, { body: { baseVersion: 1, sections: note.sections } })).status).toBe(409);
  });
});

describe('POST /sessions/{id}/note/sign', () => {
  it('makes the note final with a verifiable SHA-256, keeping the version', async () => {
    const { call } = await seed();
    const answer = await call('POST', `${PATH}/sign`, { body: { version: 1, attestation: 'Reviewed against the recording.' } });
    expect(answer.status).toBe(200);
    const signed = NoteVersionSchema.parse(answer.body);
    expect(signed.version).toBe(1);
    expect(signed.note.status).toBe('final');
    expect(signed.signature).toMatchObject({
      version: 1,
      signedBy: clinician.user,
      signedAt: '2026-10-01T12:00:00.000Z',
      attestation: 'Reviewed against the recording.',
    });
    expect(signed.signature!.sha256).toBe(sha256(answer.body.note));
    const read = await call('GET', PATH);
    expect(read.body).toMatchObject({ version: 1, signature: signed.signature, note: { status: 'final' } });
    expect(sha256(read.body.note)).toBe(signed.signature!.sha256);
  });

  it('refuses to sign a version twice, and a version that is not current', async () => {
    const { call } = await seed();
    await call('POST', `${PATH}/sign`, { body: { version: 1 } });
    const again = await call('POST', `${PATH}/sign`, { body: { version: 1 } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('the note version 1 is already signed');
    const stale = await call('POST', `${PATH}/sign`, { body: { version: 3 } });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('at version 1');
  });

  it('answers a retried signature with the same Idempotency-Key as the first time', async () => {
    const { call } = await seed();
    const first = await call('POST', `${PATH}/sign`, { body: { version: 1 }, headers: { 'idempotency-key': 'sign-1' } });
    const retry = await call('POST', `${PATH}/sign`, { body: { version: 1 }, headers: { 'idempotency-key': 'sign-1' } });
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
  });

  it('an edit after signing is version 3, unsigned; the signed version 2 stays in history unchanged', async () => {
    const { call, deps, note } = await seed();
    await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } });
    const signed = await call('POST', `${PATH}/sign`, { body: { version: 2 } });
    expect(signed.status).toBe(200);
    const edited = await call('PUT', PATH, { body: { baseVersion: 2, sections: reworded(note, 'Client described a difficult week at work.') } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 3, note: { status: 'draft' } });
    expect(edited.body.signature).toBeUndefined();

    const current = await call('GET', PATH);
    expect(current.body).toMatchObject({ version: 3, note: { status: 'draft' } });
    expect(current.body.signature).toBeUndefined();
    const v2 = await call('GET', PATH, { query: { version: '2' } });
    expect(v2.status).toBe(200);
    expect(v2.body).toEqual({ sessionId: SESSION, ...signed.body, regenerated: false });
    expect(sha256(v2.body.note)).toBe(signed.body.signature.sha256);
    // Version 1 was an unsigned draft: an edit replaced it.
    expect((await call('GET', PATH, { query: { version: '1' } })).status).toBe(404);
    const record = await deps.sessions.get({ tenantId: TENANT, sessionId: SESSION });
    expect(record?.noteHistory?.map((v) => v.version)).toEqual([2]);
    expect(record?.noteVersion).toBe(3);
  });

  it('refuses to sign a note with risk statements until the clinician acknowledges them', async () => {
    const { call, note } = await seed({ transcript: riskTranscript() });
    expect(note.reviewRequired).toBe(true);
    const refused = await call('POST', `${PATH}/sign`, { body: { version: 1 } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/risk statements.*acknowledgeRisk/);
    expect(refused.text).not.toContain(note.riskStatements[0]!.text);
    expect((await call('GET', PATH)).body.signature).toBeUndefined();
    const signed = await call('POST', `${PATH}/sign`, { body: { version: 1, acknowledgeRisk: true } });
    expect(signed.status).toBe(200);
    expect(signed.body.note).toMatchObject({ status: 'final', reviewRequired: true });
  });
});

describe('a signature or an edit landing between the read and the write (M1)', () => {
  /** Seeds the session and runs `interleaved` (another tab's request) once, between the next note write's read and its write. */
  async function racing(interleaved: (call: Seeded['call'], note: ProgressNote) => Promise<Answer>) {
    const seeded = await seed();
    const { deps, call, note } = seeded;
    const write = deps.sessions.updateNote.bind(deps.sessions);
    let other: Promise<Answer> | undefined;
    let answered: Answer | undefined;
    deps.sessions.updateNote = async (key, expected, fields) => {
      // The interleaved request's own write goes straight through.
      if (!other) {
        other = interleaved(call, note);
        answered = await other;
      }
      return write(key, expected, fields);
    };
    return { ...seeded, other: () => answered! };
  }

  it('refuses the second of two signatures of one version, saying the note is signed now, and keeps the first', async () => {
    // Prepare
    const { call, other } = await racing((call) => call('POST', `${PATH}/sign`, { body: { version: 1, attestation: 'first' } }));

    // Act
    const second = await call('POST', `${PATH}/sign`, { body: { version: 1, attestation: 'second' } });

    // Assess
    expect(other().status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(second.body.detail).toContain('no longer version 1, unsigned,');
    expect(second.body.detail).toContain('if version 1 is signed now, it needs no other signature');
    const stored = await call('GET', PATH);
    expect(stored.body).toMatchObject({ version: 1, signature: { attestation: 'first' }, note: { status: 'final' } });
  });

  it('refuses an edit of the unsigned version once a signature of it landed, so the signed version is not lost', async () => {
    // Prepare
    const { call, note, other } = await racing((call) => call('POST', `${PATH}/sign`, { body: { version: 1 } }));

    // Act
    const edit = await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } });

    // Assess
    expect(other().status).toBe(200);
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toMatch(/another edit or signature of the note came first.*GET the note/);
    const stored = await call('GET', PATH);
    expect(stored.body).toMatchObject({ version: 1, signature: other().body.signature, note: { status: 'final' } });
  });

  it('refuses a signature of a version an edit replaced meanwhile, and keeps the edit', async () => {
    // Prepare
    const { call, other } = await racing((call, note) => call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } }));

    // Act
    const sign = await call('POST', `${PATH}/sign`, { body: { version: 1 } });

    // Assess
    expect(other().status).toBe(200);
    expect(sign.status).toBe(409);
    expect(sign.body.detail).toContain('if it was edited, review the new version and sign that');
    const stored = await call('GET', PATH);
    expect(stored.body).toMatchObject({ version: 2, note: { status: 'draft' } });
    expect(stored.body.signature).toBeUndefined();
  });
});

describe('audit', () => {
  it('records every read, edit and signature with who, what and the outcome, never the note', async () => {
    const { call, deps, note } = await seed();
    await call('GET', PATH);
    await call('PUT', PATH, { body: { baseVersion: 1, sections: reworded(note) } });
    await call('POST', `${PATH}/sign`, { body: { version: 2 } });
    await call('GET', PATH, { caller: { tenant: TENANT, user: 'sup-1', roles: ['supervisor'] } });
    const entries = deps.audit.entries.map(({ action, actor, status, sessionId, clientId }) => ({ action, actor, status, sessionId, clientId }));
    expect(entries).toEqual([
      { action: 'note.read', actor: clinician.user, status: 200, sessionId: SESSION, clientId: CLIENT },
      { action: 'note.edit', actor: clinician.user, status: 200, sessionId: SESSION, clientId: CLIENT },
      { action: 'note.sign', actor: clinician.user, status: 200, sessionId: SESSION, clientId: CLIENT },
      { action: 'note.read', actor: 'sup-1', status: 403, sessionId: SESSION, clientId: undefined },
    ]);
    const logged = JSON.stringify(deps.audit.entries);
    for (const sentence of note.sections.flatMap((s) => s.sentences)) expect(logged).not.toContain(sentence.text);
  });
});

describe('an unavailable note (the note engine failed)', () => {
  it('is answered as it is, with its status and reason, as JSON and as a Markdown banner', async () => {
    // Prepare
    const { call, note } = await seed({ unavailable: true });

    // Act
    const answer = await call('GET', PATH);
    const markdown = await call('GET', PATH, { headers: { accept: 'text/markdown' } });

    // Assess
    expect(answer.status).toBe(200);
    expect(NoteResponseSchema.parse(answer.body)).toMatchObject({
      version: 1,
      note: { status: 'unavailable', unavailableReason: { code: 'note_unavailable' }, sections: [], reviewRequired: true },
    });
    expect(answer.body.note).toEqual(note);
    expect(markdown.text).toMatch(/^# Progress note \(SOAP\): unavailable/);
    expect(markdown.text).toContain('Note unavailable: review required.');
  });

  it('cannot be signed: 409 saying to write it first, and nothing changes', async () => {
    const { call } = await seed({ unavailable: true });

    const refused = await call('POST', `${PATH}/sign`, { body: { version: 1, acknowledgeRisk: true } });

    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/note is unavailable \(note_unavailable\).*nothing to sign.*PUT \/sessions\/s-0920\/note/);
    expect((await call('GET', PATH)).body).toMatchObject({ version: 1, note: { status: 'unavailable' } });
    expect((await call('GET', PATH)).body.signature).toBeUndefined();
  });

  it('cannot be exported as FHIR: 409 saying to write it first', async () => {
    const { call } = await seed({ unavailable: true });

    const refused = await call('GET', PATH, { query: { format: 'fhir' } });

    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/unavailable.*write it with PUT \/sessions\/s-0920\/note/);
  });

  it('is written by an edit: version 2, a draft without the reason, which can then be signed', async () => {
    const { call, transcript } = await seed({ unavailable: true });
    const cited = transcript.turns[1]!.id;
    // As a partner sends it: `kind` may be left out, and a sentence is then a finding.
    const sections = NOTE_SECTIONS.soap.map((name) => ({ name, sentences: [{ text: `${name} written by the clinician.`, evidence: [cited] }] }));

    const edited = await call('PUT', PATH, { body: { baseVersion: 1, sections } });

    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, editedBy: clinician.user, note: { status: 'draft', reviewRequired: false } });
    expect(edited.body.note.unavailableReason).toBeUndefined();
    expect(edited.body.note.sections[0].sentences[0]).toEqual({ text: 'Subjective written by the clinician.', kind: 'finding', evidence: [cited] });
    const signed = await call('POST', `${PATH}/sign`, { body: { version: 2 } });
    expect(signed.status).toBe(200);
    expect(signed.body.note.status).toBe('final');
  });

  it('is rewritten by the local engine when asked for another format', async () => {
    const { call } = await seed({ unavailable: true });

    const dap = await call('GET', PATH, { query: { format: 'dap' } });

    expect(dap.status).toBe(200);
    expect(dap.body).toMatchObject({ regenerated: true, note: { format: 'dap', status: 'draft' } });
  });
});
