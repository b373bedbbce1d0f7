import { describe, expect, it } from 'vitest';
import { NOTE_SECTIONS, NoteFormatSchema, ProgressNoteSchema } from '../../../schemas/note.js';
import { NOTE_ENGINE_VERSION } from '../../../lambdas/core/notes/index.js';
import { allSentences, copiedRuns, jordanSession, noteFor, noteText, ownWords, turnIdWhere } from './note-helpers.js';

const FORMATS = NoteFormatSchema.options;
/** Names in the Jordan sessions: the client, the therapist, the partner, a colleague. */
const NAMES = ['Jordan', 'Rivera', 'Sam', 'Priya'];

describe.each(FORMATS)('a %s note of the first Jordan session', (format) => {
  // Prepare
  const transcript = jordanSession('2026-09-01');
  const ids = new Set(transcript.turns.map((t) => t.id));
  // Act
  const note = noteFor(transcript, format, '2026-09-01');

  it('is a valid draft with the format’s sections in order', () => {
    expect(ProgressNoteSchema.parse(note)).toEqual(note);
    expect(note.status).toBe('draft');
    expect(note.sections.map((s) => s.name)).toEqual(NOTE_SECTIONS[format]);
    for (const section of note.sections) expect(section.sentences.length).toBeGreaterThan(0);
  });

  it('cites only turns that exist, at least one per finding and none for a documentation gap', () => {
    for (const s of allSentences(note)) {
      if (s.kind === 'gap') expect(s.evidence, s.text).toEqual([]);
      else expect(s.evidence.length, s.text).toBeGreaterThan(0);
      for (const id of s.evidence) expect(ids.has(id), `${id} in "${s.text}"`).toBe(true);
    }
  });

  it('is written in the third person', () => {
    for (const s of allSentences(note)) {
      const own = ownWords(s.text);
      expect(own, s.text).not.toMatch(/^I\b|\bI\b|\b(?:my|me|you|your)\b/);
    }
  });

  it('carries no name from the transcript', () => {
    const text = noteText(note);
    for (const name of NAMES) expect(text).not.toContain(name);
  });

  it('paraphrases rather than copies turns', () => {
    for (const s of allSentences(note)) expect(copiedRuns(transcript, s.text), s.text).toEqual([]);
  });

  it('records where it came from', () => {
    expect(note.provenance).toMatchObject({ engine: 'local', engineVersion: NOTE_ENGINE_VERSION, modelId: null, status: 'ok', droppedEvidence: 0 });
    expect(note.provenance.rubricVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(note.provenance.createdAt).toBe('2026-09-08T18:00:00.000Z');
  });
});

describe('what the first Jordan session note says, and where it says it came from', () => {
  const transcript = jordanSession('2026-09-01');
  const note = noteFor(transcript, 'soap', '2026-09-01');
  const section = (name: string) => note.sections.find((s) => s.name === name)!;
  const sentenceWith = (pattern: RegExp) => allSentences(note).find((s) => pattern.test(s.text));

  it('cites the turn where the homework was set for the homework sentence', () => {
    const homework = note.homework[0]!;
    expect(homework.text).toMatch(/^Client agreed to keep a daily activity log/);
    expect(homework.evidence).toContain(turnIdWhere(transcript, /For this first week/));
    expect(homework.evidence).toContain(turnIdWhere(transcript, /^Doable/));
  });

  it('reports the barriers planned for, from the turns that raised them', () => {
    const barriers = note.homework.find((s) => /barriers/.test(s.text))!;
    expect(barriers.text).toMatch(/forgetting and fatigue/);
    expect(barriers.evidence).toContain(turnIdWhere(transcript, /What might get in the way/));
  });

  it('plans the next session from the closing turns', () => {
    const next = note.planForNextSession.find((s) => /next session is planned/.test(s.text))!;
    expect(next.text).toContain('next Tuesday');
    expect(next.evidence).toContain(turnIdWhere(transcript, /See you next Tuesday/));
  });

  it('states the mood rating and cites the question and the answer', () => {
    const mood = sentenceWith(/rated mood/)!;
    expect(mood.text).toBe('Client rated mood at about 3/10, dropping to 2.');
    expect(mood.evidence).toEqual([turnIdWhere(transcript, /How has your mood been/), turnIdWhere(transcript, /Maybe a three/)]);
  });

  it('names the concerns in clinical words, citing the client turns that raised them', () => {
    const concerns = section('Subjective').sentences.find((s) => /^Client reported /.test(s.text))!;
    expect(concerns.text).toMatch(/disturbed sleep \(early-morning waking/);
    expect(concerns.text).toMatch(/work-related stress \(an increased workload/);
    expect(concerns.evidence).toContain(turnIdWhere(transcript, /waking up at three or four/));
    for (const id of concerns.evidence) expect(transcript.turns.find((t) => t.id === id)!.role).toBe('client');
  });

  it('lists the goals the client set, citing the turn that set them', () => {
    const goals = sentenceWith(/identified goals/)!;
    expect(goals.text).toMatch(/sleeping through most nights/);
    expect(goals.evidence).toEqual([turnIdWhere(transcript, /Sleep through most nights/)]);
  });

  it('describes the interventions, psychoeducation citing the therapist turn that gave it', () => {
    const teaching = section('Objective').sentences.find((s) => /psychoeducation/.test(s.text))!;
    expect(teaching.evidence).toContain(turnIdWhere(transcript, /In the approach I use/));
    expect(section('Objective').sentences.some((s) => /^Therapist used \d+ open and \d+ closed questions/.test(s.text))).toBe(true);
  });

  it('has no risk and needs no review', () => {
    expect(note.riskStatements).toEqual([]);
    expect(note.reviewRequired).toBe(false);
  });

  it('gives the session facts', () => {
    expect(note.sessionFacts).toEqual({
      date: '2026-09-01',
      durationMinutes: null,
      participants: [
        { role: 'therapist', label: 'Therapist' },
        { role: 'client', label: 'Client' },
      ],
      turns: transcript.turns.length,
    });
  });

  it('writes a narrative of four to seven sentences', () => {
    const narrative = noteFor(transcript, 'narrative');
    expect(narrative.sections).toHaveLength(1);
    expect(narrative.sections[0]!.sentences.length).toBeGreaterThanOrEqual(4);
    expect(narrative.sections[0]!.sentences.length).toBeLessThanOrEqual(7);
  });

  it('puts the goals first in a GIRP note', () => {
    const girp = noteFor(transcript, 'girp');
    expect(girp.sections[0]!.sentences[0]!.text).toMatch(/^Client identified goals of /);
  });

  it('writes the same note for the same session', () => {
    expect(noteFor(transcript, 'soap', '2026-09-01')).toEqual(note);
  });
});

describe('a session with a rupture and repair', () => {
  const transcript = jordanSession('2026-09-15');
  const note = noteFor(transcript, 'birp');
  const response = note.sections.find((s) => s.name === 'Response')!;

  it('describes the rupture from the client’s side, the repair and the re-engagement', () => {
    const rupture = response.sentences.find((s) => /questioned whether therapy was helping/.test(s.text))!;
    expect(rupture.text).toMatch(/re-engaged/);
    expect(rupture.evidence).toContain(turnIdWhere(transcript, /this isn't helping/));
  });

  it('describes the therapist’s repair in Intervention, citing the apology', () => {
    const repair = note.sections.find((s) => s.name === 'Intervention')!.sentences.find((s) => /acknowledged the rupture/.test(s.text))!;
    expect(repair.text).toMatch(/took responsibility/);
    expect(repair.evidence).toContain(turnIdWhere(transcript, /That's on me, and I'm sorry/));
  });

  it('summarises the rupture in the alliance summary', () => {
    expect(note.allianceSummary.some((s) => /repaired them within a few turns/.test(s.text))).toBe(true);
  });
});
