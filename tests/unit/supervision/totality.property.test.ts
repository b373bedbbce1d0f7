/**
 * Totality: every transcript that parses gets a schema-valid supervision report whose moments cite turns
 * that exist (their own turn first), in the order safety → relationship → technique. Sessions are
 * generated as the note's totality test generates them: 2 to 300 turns, one speaker or several, empty-ish
 * turns, risk and rupture phrases, sessions the alliance abstains on, in every input format.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { SupervisionReportSchema } from '../../../schemas/supervision.js';
import { INPUT_ERROR_CODES } from '../transcript/helpers.js';
import { renderSrt, renderText, renderTranscribe, renderVtt, type Line } from '../transcript/render.js';

const CREATED_AT = new Date('2026-09-08T18:00:00Z');

const SPEAKER_SETS: readonly (readonly string[])[] = [
  ['Therapist', 'Client'],
  ['T', 'C'],
  ['Dr. Patel', 'Maya'],
  ['spk_0', 'spk_1'],
  ['Alex', 'Sam', 'Jo'],
  ['Client'],
  ['Therapist'],
];

const PHRASES = [
  'how have you been since we last met?',
  'i have been feeling really anxious and low this week.',
  'it sounds like you are carrying a lot right now.',
  'sometimes i wish i could go to sleep and not wake up.',
  'have you had any thoughts of killing yourself?',
  'have you thought about how you would do it?',
  "no, i've never thought about that.",
  'i have been cutting again.',
  "you're not listening to me.",
  'this is not helping at all.',
  "i'm sorry, that's on me. what would help?",
  "i don't know.",
  'whatever.',
  'fine.',
  'you should really try exercising more.',
  'would it be okay if i shared an idea?',
  'you did really well to come today.',
  'my family would never accept that.',
  'let me explain how the thought record works.',
  'that was really helpful today.',
];
const word = fc.stringMatching(/^[a-z][a-z']{0,9}$/);
const token = fc.tuple(word, fc.constantFrom('', '', ',', '.', '?')).map(([w, p]) => w + p);
const spokenWords = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...PHRASES), { minLength: 1, maxLength: 3 }).map((ps) => ps.join(' ').split(' ')) },
  { weight: 2, arbitrary: fc.array(token, { minLength: 1, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom('uh', 'mm', 'mm-hmm.', '...', '-', 'ok', '?').map((w) => [w]) },
);
const turnCount = fc.oneof(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 13, max: 80 }), fc.integer({ min: 81, max: 300 }));
const session: fc.Arbitrary<Line[]> = fc
  .tuple(fc.constantFrom(...SPEAKER_SETS), turnCount)
  .chain(([who, n]) => fc.array(fc.record({ speaker: fc.constantFrom(...who), tokens: spokenWords }), { minLength: n, maxLength: n }));

const FORMATS = [
  renderText,
  (lines: readonly Line[]) => renderVtt(lines, 'zoom'),
  (lines: readonly Line[]) => renderSrt(lines, false),
  (lines: readonly Line[]) => renderTranscribe(lines, 'item-speakers'),
];
const ORDER = ['safety', 'relationship', 'technique'];

describe('every transcript that parses gets a valid supervision report', () => {
  it('parses or is refused with a coded reason, then yields a schema-valid report citing turns that exist', () => {
    fc.assert(
      fc.property(session, fc.constantFrom(...FORMATS), (lines, render) => {
        // Prepare
        let transcript;
        try {
          transcript = parseTranscript(render(lines));
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          expect(INPUT_ERROR_CODES).toContain((error as InvalidInputError).code);
          return;
        }
        const turnIds = new Set(transcript.turns.map((t) => t.id));

        // Act
        const report = writeSupervisionReport({ transcript, analysis: analyzeTranscript(transcript), createdAt: CREATED_AT });

        // Assess
        expect(SupervisionReportSchema.parse(report)).toEqual(report);
        expect(report.turns).toBe(transcript.turns.length);
        const order = report.moments.map((m) => ORDER.indexOf(m.domain));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        for (const m of report.moments) {
          expect(m.evidence[0]).toBe(m.turnId);
          for (const id of m.evidence) expect(turnIds.has(id), `${id} in "${m.what}"`).toBe(true);
        }
        for (const s of report.alliance.summary) for (const id of s.evidence) expect(turnIds.has(id)).toBe(true);
        for (const p of report.alliance.patterns) for (const id of p.evidence) expect(turnIds.has(id)).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
