/** Signing a session's note (the sign route's use case) over the in-memory session store. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { canonicalJson } from '../../../lambdas/core/canonical-json.js';
import { ConflictError, NotFoundError } from '../../../lambdas/core/errors.js';
import { unavailableNote, writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { NoteNotWrittenYetError, NoteVersionConflictError } from '../../../lambdas/use-cases/session-note.js';
import { RiskNotAcknowledgedError, signNote, type SignNoteDeps } from '../../../lambdas/use-cases/sign-note.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { root } from '../../helpers.js';
import { completedRecord } from '../api/fixtures.js';
import { MemorySessions } from '../api/memory.js';

const NOW = new Date('2026-10-01T12:00:00Z');
const KEY = { tenantId: 't1', sessionId: 's1' };
const CLINICIAN = 'dr-rivera';

/** A session with passive suicidal ideation, assessed in session: the detector asks for review, and so does its note. */
function riskSession(): Pick<SessionRecord, 'note' | 'risk'> {
  const transcript = parseTranscript(readFileSync(`${root}samples/sessions/jordan/2026-09-08.txt`), { filename: '2026-09-08.txt' });
  const analysis = analyzeTranscript(transcript);
  const note = writeProgressNote({ transcript, analysis, format: 'soap', sessionDate: '2026-09-08', createdAt: NOW });
  return { note, risk: analysis.risk };
}

function stored(record: SessionRecord): { deps: SignNoteDeps; sessions: MemorySessions } {
  const sessions = new MemorySessions();
  sessions.items.set(`${record.tenantId}/${record.sessionId}`, structuredClone(record));
  return { deps: { sessions, now: () => NOW }, sessions };
}

/** The error `act` is refused with. */
async function refusal(act: () => Promise<unknown>): Promise<unknown> {
  return act().then(
    () => expect.unreachable('the note was signed'),
    (error: unknown) => error,
  );
}

describe('signing a note', () => {
  it('makes the current version final, signed by the clinician with a SHA-256 anyone can check against the stored note', async () => {
    // Prepare
    const record = completedRecord();
    const { deps, sessions } = stored(record);

    // Act
    const signed = await signNote(deps, record, { version: 1, attestation: 'Reviewed against the recording.' }, CLINICIAN);

    // Assess
    const after = await sessions.get(KEY);
    expect(after?.noteVersion).toBe(1);
    expect(after?.note).toEqual({ ...record.note, status: 'final' });
    expect(after?.noteSignature).toEqual({
      version: 1,
      signedBy: CLINICIAN,
      signedAt: NOW.toISOString(),
      sha256: createHash('sha256').update(canonicalJson(after?.note)).digest('hex'),
      attestation: 'Reviewed against the recording.',
    });
    expect(signed).toEqual({ version: 1, note: after?.note, signature: after?.noteSignature });
  });

  it('refuses a note with risk statements until the clinician acknowledges them, naming acknowledgeRisk, and stores nothing', async () => {
    // Prepare
    const record = completedRecord(riskSession());
    expect(record.note?.reviewRequired).toBe(true);
    const { deps, sessions } = stored(record);

    // Act
    const error = await refusal(() => signNote(deps, record, { version: 1 }, CLINICIAN));

    // Assess
    expect(error).toBeInstanceOf(RiskNotAcknowledgedError);
    expect((error as Error).message).toMatch(/risk statements.*acknowledgeRisk: true/);
    expect((error as RiskNotAcknowledgedError).field.pointer).toBe('/acknowledgeRisk');
    for (const statement of record.note!.riskStatements) expect((error as Error).message).not.toContain(statement.text);
    expect(await sessions.get(KEY)).toEqual(record);
  });

  it("refuses a note that says nothing of risk when the detector found risk to review, pointing at the session's findings", async () => {
    // Prepare: the clinician's edit dropped the risk statements; the detector's findings still stand
    const { note, risk } = riskSession();
    const record = completedRecord({ note: { ...note!, riskStatements: [], reviewRequired: false }, risk });
    const { deps, sessions } = stored(record);

    // Act
    const error = await refusal(() => signNote(deps, record, { version: 1, acknowledgeRisk: false }, CLINICIAN));
    const signed = await signNote(deps, record, { version: 1, acknowledgeRisk: true }, CLINICIAN);

    // Assess
    expect(error).toBeInstanceOf(RiskNotAcknowledgedError);
    expect((error as Error).message).toContain('GET /sessions/s1, risk');
    expect(signed.note.status).toBe('final');
    expect((await sessions.get(KEY))?.noteSignature?.signedBy).toBe(CLINICIAN);
  });

  it('refuses a version that is not the current one, and one already signed, changing nothing', async () => {
    // Prepare
    const record = completedRecord();
    const { deps, sessions } = stored(record);
    await signNote(deps, record, { version: 1 }, CLINICIAN);
    const signedRecord = (await sessions.get(KEY))!;

    // Act
    const stale = await refusal(() => signNote(deps, record, { version: 3 }, CLINICIAN));
    const twice = await refusal(() => signNote(deps, signedRecord, { version: 1 }, 'dr-okafor'));

    // Assess
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as Error).message).toContain('the note is at version 1');
    expect((twice as Error).message).toContain('the note version 1 is already signed');
    expect(await sessions.get(KEY)).toEqual(signedRecord);
  });

  it('refuses a note the engine could not write: there is nothing to sign until an edit writes it', async () => {
    // Prepare
    const record = completedRecord();
    record.note = unavailableNote({ transcript: parseTranscript('Therapist: Hello.\nClient: Hi.'), format: 'soap', sessionDate: '2026-09-01', createdAt: NOW });
    const { deps, sessions } = stored(record);

    // Act
    const error = await refusal(() => signNote(deps, record, { version: 1, acknowledgeRisk: true }, CLINICIAN));

    // Assess
    expect((error as Error).message).toMatch(/note is unavailable \(note_unavailable\).*nothing to sign.*PUT \/sessions\/s1\/note \(baseVersion 1\)/);
    expect((await sessions.get(KEY))?.noteSignature).toBeUndefined();
  });

  it('answers a conflict when another edit came first, and leaves that edit in place', async () => {
    // Prepare: the clinician read version 1; a colleague's edit made version 2 meanwhile
    const read = completedRecord();
    const { deps, sessions } = stored(completedRecord({ noteVersion: 2, noteEditedBy: 'dr-okafor' }));

    // Act
    const error = await refusal(() => signNote(deps, read, { version: 1 }, CLINICIAN));

    // Assess
    expect(error).toBeInstanceOf(NoteVersionConflictError);
    expect(await sessions.get(KEY)).toMatchObject({ noteVersion: 2, noteEditedBy: 'dr-okafor' });
    expect((await sessions.get(KEY))?.noteSignature).toBeUndefined();
  });

  it('has nothing to sign while the session is processing, when it failed, or when it has no note', async () => {
    // Prepare
    const processing = completedRecord({ status: 'ANALYZING', note: undefined });
    const failed = completedRecord({ status: 'FAILED', note: undefined, failure: { code: 'transcript_too_short', message: 'too short' } });
    const noNote = completedRecord({ note: undefined });
    const { deps } = stored(processing);

    // Act
    const errors = await Promise.all([processing, failed, noNote].map((record) => refusal(() => signNote(deps, record, { version: 1 }, CLINICIAN))));

    // Assess
    expect(errors[0]).toBeInstanceOf(NoteNotWrittenYetError);
    expect((errors[0] as Error).message).toContain('session s1 is ANALYZING');
    expect(errors[1]).toBeInstanceOf(ConflictError);
    expect((errors[1] as Error).message).toContain('failed (transcript_too_short)');
    expect(errors[2]).toBeInstanceOf(NotFoundError);
  });
});
