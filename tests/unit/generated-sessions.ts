/**
 * Generated sessions for the totality property tests (the note, the supervision report): 2 to 600 turns, one
 * speaker or several with any labels, risk, rupture and filler phrases, empty-ish and very long turns, in
 * every input format the parser reads. One generator, so every document is held to the same inputs.
 */
import fc from 'fast-check';
import { renderSrt, renderText, renderTranscribe, renderVtt, type Line } from './transcript/render.js';

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

export const generatedSession: fc.Arbitrary<Line[]> = fc
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

export type Rendered = { format: string; render: (lines: readonly Line[]) => string };
export const RENDERINGS: Rendered[] = [
  { format: 'text', render: renderText },
  { format: 'vtt (zoom)', render: (lines) => renderVtt(lines, 'zoom') },
  { format: 'vtt (teams)', render: (lines) => renderVtt(lines, 'teams') },
  { format: 'srt', render: (lines) => renderSrt(lines, false) },
  { format: 'srt [Name]', render: (lines) => renderSrt(lines, true) },
  { format: 'transcribe (items)', render: (lines) => renderTranscribe(lines, 'item-speakers') },
  { format: 'transcribe (segments)', render: (lines) => renderTranscribe(lines, 'speaker-segments') },
  { format: 'transcribe (channels)', render: (lines) => renderTranscribe(lines, 'channels') },
];

/**
 * How long a totality property may run: 25 generated sessions of up to 600 turns take about half a minute on
 * an idle 2-core machine and three times that under a full parallel test run, so the limit only catches a
 * hang, never a slow machine (speed is measured in bench/, not here).
 */
export const PROPERTY_TIMEOUT_MS = 600_000;
