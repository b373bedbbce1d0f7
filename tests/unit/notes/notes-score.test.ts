/**
 * The notes benchmark's scoring on small hand-made notes: a fact is found only when one finding holds every
 * term group, traps and absences written as fact are caught, gaps on topics the session holds are false,
 * and sentences evaluating the therapist are flagged wherever they sit in the note.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AnnotationSchema, holdsTerms, scoreAutomatic, scoreNote, termPattern } from '../../../bench/notes-score.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import type { NoteSentence, ProgressNote } from '../../../schemas/note.js';

const transcript = parseTranscript(
  [
    'Therapist: You did the PHQ-9 in the waiting room. It came out at twelve, down from sixteen at intake.',
    "Client: Twelve. Okay. I wouldn't say I feel better though. Not great.",
    'Therapist: Could you try the walk on Monday, Wednesday and Friday?',
    "Client: Yeah, I'll do the walks. I quit smoking twenty years ago, so I can do this.",
    'Therapist: See you in a month, then.',
    'Client: Sure. Same time.',
  ].join('\n'),
);

const annotation = AnnotationSchema.parse({
  session: 'hand-made',
  modality: 'CBT',
  summary: 'measures and a walking plan',
  mustSay: [
    {
      id: 'phq9',
      topic: 'measure',
      fact: 'PHQ-9 12, down from 16',
      terms: [
        ['phq-9', 'phq9'],
        ['12', 'twelve'],
        ['16', 'sixteen'],
      ],
      turns: ['t0001'],
    },
    { id: 'walks', topic: 'homework', fact: 'Walks Monday, Wednesday, Friday', terms: [['walk'], ['monday']], turns: ['t0003', 't0004'] },
    { id: 'month', topic: 'next_appointment', fact: 'Next session in a month', terms: [['month']], turns: ['t0005'] },
  ],
  mustNotSay: [
    { id: 'smoking', pattern: '\\b(smok|nicotine)', why: 'quit twenty years ago' },
    { id: 'next-week', pattern: 'next week', why: 'they said in a month' },
  ],
  present: ['homework', 'measures', 'next_appointment'],
  absent: ['risk'],
});

const finding = (text: string, evidence: string[]): NoteSentence => ({ text, kind: 'finding', evidence });
const gap = (text: string): NoteSentence => ({ text, kind: 'gap', evidence: [] });

function noteOf(sentences: NoteSentence[], extra: Partial<ProgressNote> = {}): ProgressNote {
  return {
    format: 'soap',
    status: 'draft',
    sessionFacts: { date: null, durationMinutes: null, participants: [], turns: 6 },
    sections: [{ name: 'Subjective', sentences }],
    riskStatements: [],
    reviewRequired: false,
    homework: [],
    planForNextSession: [],
    allianceSummary: [],
    provenance: {
      engine: 'local',
      engineVersion: '0',
      modelId: null,
      rubricVersion: 'x',
      createdAt: '2026-01-01T00:00:00.000Z',
      status: 'ok',
      droppedEvidence: 0,
    },
    ...extra,
  } as ProgressNote;
}

describe('term matching', () => {
  it('loosens hyphens and spaces and anchors at the start of a word', () => {
    expect(termPattern('phq-9').test('PHQ 9 was 12')).toBe(true);
    expect(termPattern('phq9').test('the PHQ-9 today')).toBe(true);
    expect(termPattern('walk').test('walked three times')).toBe(true);
    expect(termPattern('12').test('scored 120')).toBe(false);
    expect(termPattern('12').test('scored 112')).toBe(false);
  });

  it('needs one alternative of every group in the same text', () => {
    expect(holdsTerms('PHQ-9 is 12 today, down from 16.', [['phq-9'], ['12'], ['16']])).toBe(true);
    expect(holdsTerms('PHQ-9 is 12 today.', [['phq-9'], ['12'], ['16']])).toBe(false);
  });
});

describe('scoreNote', () => {
  it('finds a fact stated in one finding, and credits its citation only when the cited turn supports it', () => {
    // Prepare
    const note = noteOf([
      finding('PHQ-9: 12 today, down from 16 at intake.', ['t0001']),
      finding('Client agreed to walk on Monday, Wednesday and Friday.', ['t0006']),
    ]);

    // Act
    const score = scoreNote(note, transcript, annotation);

    // Assess
    const byId = Object.fromEntries(score.facts.map((f) => [f.id, f]));
    expect(byId.phq9).toMatchObject({ found: true, supported: true, atAnnotatedTurn: true });
    expect(byId.walks).toMatchObject({ found: true, supported: false, atAnnotatedTurn: false });
    expect(byId.month).toMatchObject({ found: false });
    expect(score.unsupported.map((u) => u.sentenceId)).toEqual(['Subjective[1]']);
  });

  it('does not find a fact split across two sentences', () => {
    const note = noteOf([finding('PHQ-9 was completed.', ['t0001']), finding('The score was 12, from 16.', ['t0001'])]);

    expect(scoreNote(note, transcript, annotation).facts[0]?.found).toBe(false);
  });

  it("catches the session's traps in findings, never in gaps", () => {
    const note = noteOf([
      finding('Client reported smoking as a coping strategy.', ['t0004']),
      finding('Next session next week.', ['t0005']),
      gap('Smoking: none identified in the transcript.'),
    ]);

    const score = scoreNote(note, transcript, annotation);

    expect(score.falseFacts.map((f) => `${f.sentenceId}:${f.rule}`)).toEqual(['Subjective[0]:smoking', 'Subjective[1]:next-week']);
  });

  it('flags an absence written as a finding, and a gap on a topic the session holds', () => {
    const note = noteOf([
      finding('No homework was assigned.', ['t0006']),
      gap('Homework: none identified in the transcript.'),
      gap('Goals: none identified in the transcript.'),
    ]);

    const score = scoreNote(note, transcript, annotation);

    expect(score.absenceAsFact.map((f) => f.rule)).toEqual(['no-topic']);
    expect(score.falseGaps.map((f) => f.sentenceId)).toEqual(['Subjective[1]']);
  });

  it('lets an absence stand when the annotation records it as something said in the session', () => {
    const noHomework = AnnotationSchema.parse({
      ...annotation,
      mustSay: [{ id: 'none', topic: 'homework', fact: 'They agreed no homework is needed.', terms: [['homework'], ['no ']], turns: ['t0005'] }],
    });

    const score = scoreNote(noteOf([finding('No homework was set, by agreement.', ['t0005'])]), transcript, noHomework);

    expect(score.absenceAsFact).toEqual([]);
  });

  it('counts risk statements in a session that holds no risk', () => {
    const note = noteOf([finding('Client walked.', ['t0004'])], {
      riskStatements: [
        {
          type: 'suicidal_intent',
          text: 'Client made statements that may indicate suicidal intent.',
          evidence: ['t0004'],
          assessedInSession: false,
          requiresClinicianReview: true,
        },
      ],
    } as Partial<ProgressNote>);

    expect(scoreNote(note, transcript, annotation).riskWithoutRisk).toHaveLength(1);
  });
});

describe('therapist evaluation in the chart', () => {
  it('flags talk share, MITI, ratios, "missed" and alliance ratings, and leaves the client\'s own content alone', () => {
    // Prepare
    const note = noteOf(
      [
        finding('Therapist talk share was 64% of words.', ['t0001']),
        finding('MITI: reflection-to-question ratio 0.5.', ['t0001']),
        finding('The therapist missed an opportunity to explore the smoking history.', ['t0004']),
        finding("The client's concern about mood was not addressed.", ['t0002']),
        finding('Client missed two walks because of rain.', ['t0004']),
        finding('Client said he does not feel heard by his brother.', ['t0002']),
      ],
      { allianceSummary: [finding('Therapeutic alliance rated strong (4.2 of 5).', ['t0002'])] },
    );

    // Act
    const flagged = scoreAutomatic(note, transcript).evaluation.map((f) => f.sentenceId);

    // Assess
    expect(new Set(flagged)).toEqual(new Set(['Subjective[0]', 'Subjective[1]', 'Subjective[2]', 'Subjective[3]', 'allianceSummary[0]']));
  });
});

describe('own words', () => {
  it("reads a trap in the note's own words, not in the client's quoted words", () => {
    // Prepare: the quote mentions smoking; the note's own words do not assert it
    const quoted = noteOf([finding('Client named a past success ("I quit smoking twenty years ago").', ['t0004'])]);
    const asserted = noteOf([finding('Client reported smoking ("I quit smoking twenty years ago").', ['t0004'])]);

    // Act / Assess
    expect(scoreNote(quoted, transcript, annotation).falseFacts).toEqual([]);
    expect(scoreNote(asserted, transcript, annotation).falseFacts.map((f) => f.rule)).toEqual(['smoking']);
  });
});

describe('repeated lines', () => {
  it('scores a Plan line repeated in the homework field once', () => {
    const line = gap('Homework: none identified in the transcript.');
    const note = noteOf([line], { homework: [line] });

    expect(scoreNote(note, transcript, annotation).falseGaps.map((f) => f.sentenceId)).toEqual(['Subjective[0]']);
  });
});

describe('the held-out annotations', () => {
  const dir = fileURLToPath(new URL('../../fixtures/notes/bench/', import.meta.url));
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4));

  it.each(names)('%s: parses, cites its own turns, states each fact in its terms and sets no trap on a fact', (name) => {
    // Prepare
    const session = parseTranscript(readFileSync(`${dir}${name}.txt`), { filename: `${name}.txt` });
    const parsed = AnnotationSchema.parse(JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')));
    const ids = new Set(session.turns.map((t) => t.id));

    // Assess: an annotator's own wording of a fact is a faithful sentence, so it holds the terms and springs no trap
    expect(parsed.session).toBe(name);
    expect(parsed.mustSay.length).toBeGreaterThanOrEqual(6);
    expect(parsed.mustNotSay.length).toBeGreaterThanOrEqual(3);
    for (const fact of parsed.mustSay) {
      expect(
        fact.turns.filter((id) => !ids.has(id)),
        fact.id,
      ).toEqual([]);
      expect(holdsTerms(fact.fact, fact.terms), fact.id).toBe(true);
      for (const trap of parsed.mustNotSay) expect(new RegExp(trap.pattern, 'i').test(fact.fact), `${trap.id} on ${fact.id}`).toBe(false);
    }
  });
});
