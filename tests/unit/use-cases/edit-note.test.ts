/** Editing a session's note (the edit route's use case) over the in-memory ports. */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../lambdas/core/errors.js';
import { editNote, InvalidNoteEditError, type EditNoteDeps } from '../../../lambdas/use-cases/edit-note.js';
import { signNote } from '../../../lambdas/use-cases/sign-note.js';
import type { ProgressNote } from '../../../schemas/note.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { completedRecord, seed } from '../api/fixtures.js';
import { memoryDeps, type MemoryDeps } from '../api/memory.js';

const NOW = new Date('2026-10-01T12:00:00Z');
const KEY = { tenantId: 't1', sessionId: 's1' };
const CLINICIAN = 'dr-rivera';

/** The session stored with its transcript, and what editing it needs. */
async function stored(record = completedRecord()): Promise<{ deps: EditNoteDeps; memory: MemoryDeps; record: SessionRecord }> {
  const memory = memoryDeps({ now: () => NOW });
  await seed(memory, record, CLINICIAN);
  return { deps: { sessions: memory.sessions, objects: memory.objects, artifactsBucket: memory.config.artifactsBucket, now: memory.now }, memory, record };
}

/** The note's sections with the first sentence reworded by the clinician (same evidence). */
function reworded(note: ProgressNote, text = 'Client described sleeping better on most nights this week.'): ProgressNote['sections'] {
  const [first, ...rest] = note.sections;
  const [sentence, ...others] = first!.sentences;
  return [{ ...first!, sentences: [{ text, kind: sentence!.kind, evidence: sentence!.evidence }, ...others] }, ...rest];
}

/** The error `act` is refused with. */
async function refusal(act: () => Promise<unknown>): Promise<unknown> {
  return act().then(
    () => expect.unreachable('the edit was written'),
    (error: unknown) => error,
  );
}

describe('editing a note', () => {
  it("writes the clinician's sections as the next version, a draft that says who edited it and when", async () => {
    // Prepare
    const { deps, memory, record } = await stored();

    // Act
    const edited = await editNote(deps, record, { baseVersion: 1, sections: reworded(record.note!) }, CLINICIAN);

    // Assess
    const after = await memory.sessions.get(KEY);
    expect(after).toMatchObject({ noteVersion: 2, noteEditedBy: CLINICIAN, noteEditedAt: NOW.toISOString() });
    expect(after?.note?.status).toBe('draft');
    expect(after?.note?.sections[0]?.sentences[0]?.text).toBe('Client described sleeping better on most nights this week.');
    expect(after?.noteHistory).toBeUndefined();
    expect(edited).toEqual({ version: 2, note: after?.note, editedBy: CLINICIAN, editedAt: NOW.toISOString() });
  });

  it('keeps a signed version as it was signed, in the history, and puts the unsigned edit after it', async () => {
    // Prepare
    const { deps, memory, record } = await stored();
    const signed = await signNote({ sessions: memory.sessions, now: memory.now }, record, { version: 1 }, CLINICIAN);
    const signedRecord = (await memory.sessions.get(KEY))!;

    // Act
    const edited = await editNote(deps, signedRecord, { baseVersion: 1, sections: reworded(record.note!) }, 'dr-okafor');

    // Assess
    const after = await memory.sessions.get(KEY);
    expect(edited.version).toBe(2);
    expect(after?.noteSignature).toBeUndefined();
    expect(after?.noteHistory).toEqual([signed]);
  });

  it("refuses sections that are not the note's, in its order, naming /sections, and stores nothing", async () => {
    // Prepare
    const { deps, memory, record } = await stored();
    const [first, ...rest] = record.note!.sections;

    // Act
    const error = await refusal(() => editNote(deps, record, { baseVersion: 1, sections: [...rest, first!] }, CLINICIAN));

    // Assess
    expect(error).toBeInstanceOf(InvalidNoteEditError);
    expect((error as InvalidNoteEditError).fields.map((f) => f.pointer)).toEqual(['/sections']);
    expect((error as Error).message).toMatch(/a SOAP note has the sections .* in this order/);
    expect(await memory.sessions.get(KEY)).toEqual(record);
  });

  it("refuses sentences citing turns the session's transcript does not have, pointing at each by place, never by text", async () => {
    // Prepare
    const { deps, memory, record } = await stored();
    const sections = reworded(record.note!, 'Client mentioned a new job.');
    sections[0]!.sentences[0] = { ...sections[0]!.sentences[0]!, evidence: ['t9999'] };

    // Act
    const error = await refusal(() => editNote(deps, record, { baseVersion: 1, sections }, CLINICIAN));

    // Assess
    expect(error).toBeInstanceOf(InvalidNoteEditError);
    expect((error as InvalidNoteEditError).fields).toEqual([
      { pointer: '/sections/0/sentences/0/evidence', detail: "cites t9999, not a turn of this session's transcript" },
    ]);
    expect((error as Error).message).not.toContain('new job');
    expect(await memory.sessions.get(KEY)).toEqual(record);
  });

  it('takes an edit as sent when the transcript is no longer stored to check it against', async () => {
    // Prepare
    const { deps, memory, record } = await stored();
    await memory.objects.deletePrefix(memory.config.artifactsBucket, record.transcriptKey!);
    const sections = reworded(record.note!);
    sections[0]!.sentences[0] = { ...sections[0]!.sentences[0]!, evidence: ['t9999'] };

    // Act
    const edited = await editNote(deps, record, { baseVersion: 1, sections }, CLINICIAN);

    // Assess
    expect(edited.version).toBe(2);
    expect((await memory.sessions.get(KEY))?.note?.sections[0]?.sentences[0]?.evidence).toEqual(['t9999']);
  });

  it('refuses an edit of a version that is no longer current, naming the current one, and stores nothing', async () => {
    // Prepare
    const { deps, memory, record } = await stored(completedRecord({ noteVersion: 3 }));

    // Act
    const error = await refusal(() => editNote(deps, record, { baseVersion: 2, sections: reworded(record.note!) }, CLINICIAN));

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain('send baseVersion 3');
    expect(await memory.sessions.get(KEY)).toEqual(record);
  });
});
