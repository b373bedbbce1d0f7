/**
 * Totality: every transcript that parses gets a schema-valid note in every format, whose findings cite
 * turns that exist and whose documentation gaps cite none, and which renders as Markdown and exports to
 * FHIR. Sessions are generated: 2 to 600 turns, one speaker or several with any labels, empty-ish and
 * very long turns, sessions the alliance abstains on, in every input format the parser reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { toComposition, toDocumentReference, validateR4 } from '../../../lambdas/core/fhir/index.js';
import { renderNoteMarkdown, writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { AllianceSchema } from '../../../schemas/alliance.js';
import { NoteFormatSchema, ProgressNoteSchema } from '../../../schemas/note.js';
import { INPUT_ERROR_CODES } from '../transcript/helpers.js';
import { renderSrt, renderText, renderTranscribe, renderVtt, type Line } from '../transcript/render.js';
import { allSentences } from './note-helpers.js';

const CREATED_AT = new Date('2026-09-08T18:00:00Z');

/** Labels as real files carry them: roles, initials, titles, names, diarisation ids; one speaker alone too. */
const SPEAKER_SETS: readonly (readonly string[])[] = [
  ['Therapist', 'Client'],
  ['T', 'C'],
  ['Counselor', 'Patient'],
  ['Dr. Patel', 'Maya'],
  ['Speaker 1', 'Speaker 2'],
  ['spk_0', 'spk_1'],
  ['Alex', 'Sam', 'Jo'],
  ['Client'],
  ['Therapist'],
  ['spk_0'],
];
const randomNames = fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z]{1,7}$/), { minLength: 1, maxLength: 3 });
const speakers = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SPEAKER_SETS) }, { weight: 1, arbitrary: randomNames });

/** What people say in sessions, so the engine's finders have something to find (and to misfind). */
const PHRASES = [
  'how have you been since we last met?',
  'i have been feeling really anxious and low this week.',
  "i can't sleep and work has been relentless.",
  'it sounds like you are carrying a lot right now.',
  'on a scale of zero to ten how would you rate your mood?',
  'maybe a three.',
  'for homework would you be willing to try a thought record?',
  "yes i'll try that on wednesday.",
  'see you next week.',
  'sometimes i wish i could go to sleep and not wake up.',
  'have you had any thoughts of killing yourself?',
  "no, i've never thought about that.",
  "you're not listening to me.",
  "i'm sorry, that's on me. what would help?",
  "i don't know.",
  'whatever.',
  'my sister has been a real support.',
  'i want to get back to running and see my friends.',
  'what would you like to put on the agenda today?',
  'how confident are you, from zero to ten?',
  'that was really helpful today.',
  'this commute is killing me.',
  'let me explain how anxiety works in the body.',
  "we'll work on that next session.",
];
const word = fc.stringMatching(/^[a-z][a-z']{0,9}$/);
const token = fc.tuple(word, fc.constantFrom('', '', '', ',', '.', '?', '!')).map(([w, p]) => w + p);

const spokenWords = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...PHRASES), { minLength: 1, maxLength: 3 }).map((ps) => ps.join(' ').split(' ')) },
  { weight: 3, arbitrary: fc.array(token, { minLength: 1, maxLength: 30 }) },
  // Empty-ish turns: a filler, a backchannel, punctuation.
  { weight: 2, arbitrary: fc.constantFrom('uh', 'mm', 'mm-hmm.', '...', '-', 'ok', '?').map((w) => [w]) },
);

/** Thousands of words in one turn: a monologue, or an ASR run with no punctuation. */
const longTurn = fc.tuple(fc.integer({ min: 1500, max: 4000 }), fc.integer({ min: 0, max: PHRASES.length - 1 })).map(([n, offset]) => {
  const words = PHRASES.join(' ').split(' ');
  return Array.from({ length: n }, (_, i) => words[(i + offset) % words.length]!);
});

/** 2 to 600 turns, weighted towards the short sessions the engine abstains on and the long ones that stress it. */
const turnCount = fc.oneof(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 13, max: 80 }), fc.integer({ min: 81, max: 600 }));

const session: fc.Arbitrary<Line[]> = fc
  .tuple(speakers, turnCount)
  .chain(([who, n]) =>
    fc.tuple(
      fc.array(fc.record({ speaker: fc.constantFrom(...who), tokens: spokenWords }), { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat({ max: n - 1 }), longTurn), { maxLength: 2 }),
    ),
  )
  .map(([lines, long]) => {
    for (const [at, tokens] of long) lines[at] = { ...lines[at]!, tokens };
    return lines;
  });

type Rendered = { format: string; render: (lines: readonly Line[]) => string };
const FORMATS: Rendered[] = [
  { format: 'text', render: renderText },
  { format: 'vtt (zoom)', render: (lines) => renderVtt(lines, 'zoom') },
  { format: 'vtt (teams)', render: (lines) => renderVtt(lines, 'teams') },
  { format: 'srt', render: (lines) => renderSrt(lines, false) },
  { format: 'srt [Name]', render: (lines) => renderSrt(lines, true) },
  { format: 'transcribe (items)', render: (lines) => renderTranscribe(lines, 'item-speakers') },
  { format: 'transcribe (segments)', render: (lines) => renderTranscribe(lines, 'speaker-segments') },
  { format: 'transcribe (channels)', render: (lines) => renderTranscribe(lines, 'channels') },
];

describe('every transcript that parses gets a valid note in every format', () => {
  it('parses or is refused with a coded reason, then yields a schema-valid, renderable, exportable note', () => {
    fc.assert(
      fc.property(session, fc.constantFrom(...FORMATS), (lines, { render }) => {
        // Prepare
        let transcript;
        try {
          transcript = parseTranscript(render(lines));
        } catch (error) {
          // A refusal is an answer, as long as it is the project's coded one.
          expect(error).toBeInstanceOf(InvalidInputError);
          expect(INPUT_ERROR_CODES).toContain((error as InvalidInputError).code);
          return;
        }
        const turnIds = new Set(transcript.turns.map((t) => t.id));

        // Act
        const analysis = analyzeTranscript(transcript);
        const notes = NoteFormatSchema.options.map((format) => writeProgressNote({ transcript, analysis, format, sessionDate: '2026-09-08', createdAt: CREATED_AT }));

        // Assess
        AllianceSchema.parse(analysis.alliance);
        for (const note of notes) {
          expect(ProgressNoteSchema.parse(note)).toEqual(note);
          expect(note.status).toBe('draft');
          // No finding was left out for want of a turn to cite: each builder cites what it found.
          expect(note.provenance.droppedEvidence).toBe(0);
          for (const section of note.sections) expect(section.sentences.length, section.name).toBeGreaterThan(0);
          for (const s of allSentences(note)) {
            if (s.kind === 'gap') expect(s.evidence, s.text).toEqual([]);
            else expect(s.evidence.length, s.text).toBeGreaterThan(0);
            for (const id of s.evidence) expect(turnIds.has(id), `${id} in "${s.text}"`).toBe(true);
          }
          const markdown = renderNoteMarkdown(note);
          expect(markdown).not.toMatch(/<sub>\[\]<\/sub>/);
          expect(validateR4(toDocumentReference(note, { markdown }))).toEqual([]);
          expect(validateR4(toComposition(note))).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
