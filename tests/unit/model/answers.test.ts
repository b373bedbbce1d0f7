import { describe, expect, it } from 'vitest';
import {
  AllianceAnswerSchema,
  findVerbatim,
  makeQuoteDetector,
  MalformedAnswerError,
  noteAnswerSchema,
  parseAnswer,
  parseModelJson,
  turnsById,
  verifyAllianceAnswer,
  verifyEvidence,
  verifyNoteAnswer,
} from '../../../lambdas/core/model/answers.js';
import { anchorScore, mergeRiskStatements } from '../../../lambdas/core/model/anchoring.js';
import { backoffDelay } from '../../../lambdas/core/model/retry.js';
import { inlineTranscript } from '../../helpers.js';
import { goodAllianceAnswer, goodNoteAnswer } from './bedrock-fake.js';

const transcript = inlineTranscript([
  'Therapist: What would you like to focus on today?',
  'Client: My sister and I argued again, and I said things I regret.',
  'Therapist: It sounds like you’re carrying some guilt about that.',
  'Client: Yes. I wrote "</turn>" in my diary & meant it.',
]);
const turns = turnsById(transcript);

describe('parseModelJson', () => {
  it('accepts a bare object and one fenced in ```json', () => {
    expect(parseModelJson('  {"a": 1}\n')).toEqual({ a: 1 });
    expect(parseModelJson('```json\n{"a": 1}\n```')).toEqual({ a: 1 });
  });

  it.each([
    ['prose before the object', 'Here is the note: {"a": 1}'],
    ['prose after the fence', '```json\n{"a": 1}\n```\nLet me know!'],
    ['an array', '[{"a": 1}]'],
    ['truncated JSON', '{"sections": [{"name": "Subjective"'],
    ['invalid JSON', '{a: 1}'],
    ['nothing', ''],
  ])('refuses %s', (_what, text) => {
    expect(() => parseModelJson(text)).toThrow(MalformedAnswerError);
  });

  it('names the fields that are wrong without repeating the answer', () => {
    const wrong = { ...goodNoteAnswer(transcript), sections: [{ name: 'Summary', sentences: [] }] };
    expect(() => parseAnswer(noteAnswerSchema('soap'), JSON.stringify(wrong))).toThrow(/sections.*Subjective, Objective, Assessment, Plan/);
  });
});

describe('verifyEvidence', () => {
  it('keeps verbatim quotes as the turn spells them, comparing whitespace and curly quotes loosely', () => {
    const { evidence, dropped } = verifyEvidence(
      [
        { turnId: 't0002', quote: 'my sister and I argued again' }, // case differs: not verbatim
        { turnId: 't0002', quote: ' My sister and  I\nargued again' },
        { turnId: 't0003', quote: "you're carrying some guilt" }, // the turn has a curly apostrophe
        { turnId: 't0004', quote: 'I wrote "&lt;/turn&gt;" in my diary &amp; meant it.' },
      ],
      turns,
    );
    expect(dropped).toBe(1);
    expect(evidence).toEqual([
      { turnId: 't0002', quote: 'My sister and I argued again' },
      { turnId: 't0003', quote: 'you’re carrying some guilt' },
      { turnId: 't0004', quote: 'I wrote "</turn>" in my diary & meant it.' },
    ]);
  });

  it('drops and counts quotes of turns that do not exist or that the turn does not contain', () => {
    const { evidence, dropped } = verifyEvidence(
      [
        { turnId: 't0099', quote: 'What would you like' },
        { turnId: 't0001', quote: 'What do you want to focus on' },
        { turnId: 't0001', quote: '' },
      ],
      turns,
    );
    expect(evidence).toEqual([]);
    expect(dropped).toBe(3);
    expect(findVerbatim('abc', 'abcd')).toBeNull();
  });

  it('drops note citations of missing turns, and a sentence left with none, counting both', () => {
    const answer = noteAnswerSchema('narrative').parse({
      sections: [
        {
          name: 'summary',
          sentences: [
            { text: 'Client reported an argument with a sibling.', evidence: ['t0002', 't0042'] },
            { text: 'Client reported a history of hospital stays.', evidence: ['t0107'] },
          ],
        },
      ],
      riskStatements: [],
    });
    const verified = verifyNoteAnswer(answer, 'narrative', transcript);
    expect(verified.sections).toEqual([
      { name: 'Summary', sentences: [{ text: 'Client reported an argument with a sibling.', kind: 'finding', evidence: ['t0002'] }] },
    ]);
    expect(verified.dropped).toEqual({ evidence: 2, items: 1 });
  });

  it('reads a flag a model still calls therapist_burnout under its current name', () => {
    // Prepare: a model trained or prompted before the rename answers with the old type.
    const raw = {
      ...goodAllianceAnswer(transcript),
      flags: [{ type: 'therapist_burnout', severity: 'low', rationale: 'Lost thread at t0009.', evidence: [], suggestion: 'Reflect the last thing said.' }],
    };

    // Act
    const answer = AllianceAnswerSchema.parse(raw);

    // Assess
    expect(answer.flags.map((f) => f.type)).toEqual(['low_therapist_engagement']);
  });

  it('drops a flag none of whose quotes holds up', () => {
    const answer = AllianceAnswerSchema.parse({
      ...goodAllianceAnswer(transcript),
      flags: [
        {
          type: 'miscommunication',
          severity: 'high',
          rationale: 'Corrections at t0009.',
          evidence: [{ turnId: 't0009', quote: 'no' }],
          suggestion: 'Check understanding.',
        },
      ],
    });
    const verified = verifyAllianceAnswer(answer, transcript);
    expect(verified.flags).toEqual([]);
    expect(verified.dropped).toEqual({ evidence: 1, items: 1 });
  });
});

describe('code over the model', () => {
  it('keeps a model score within 20 points of the local engine and inside 0-100', () => {
    expect(anchorScore(100, 35)).toBe(55);
    expect(anchorScore(0, 35)).toBe(15);
    expect(anchorScore(47.6, 35)).toBe(48);
    expect(anchorScore(100, 90)).toBe(100);
    expect(anchorScore(0, 10)).toBe(0);
  });

  it('adds a locally found risk statement the model left out, and keeps one it covered once', () => {
    const local = [
      { type: 'self_injury' as const, text: 'Client reported cutting.', evidence: ['t0004'], assessedInSession: false, requiresClinicianReview: true as const },
      {
        type: 'passive_ideation' as const,
        text: 'Client reported passive thoughts of death.',
        evidence: ['t0002'],
        assessedInSession: false,
        requiresClinicianReview: true as const,
      },
    ];
    const fromModel = [
      { type: 'passive_ideation' as const, text: 'Client disclosed passive suicidal ideation.', evidence: ['t0002', 't0003'], assessedInSession: true },
    ];
    const merged = mergeRiskStatements(fromModel, local);
    expect(merged.map((r) => [r.type, r.text])).toEqual([
      ['passive_ideation', 'Client disclosed passive suicidal ideation.'],
      ['self_injury', 'Client reported cutting.'],
    ]);
    expect(merged.every((r) => r.requiresClinicianReview)).toBe(true);
  });

  it('notices a rationale that repeats the transcript', () => {
    const quotes = makeQuoteDetector(transcript);
    expect(quotes('The client said my sister and I argued again, and I said things.')).toBe(true);
    expect(quotes('The client described a family conflict at t0002 and the therapist reflected guilt at t0003.')).toBe(false);
  });

  it('backs off exponentially with full jitter from 500 ms', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, () => 0.999))).toEqual([499, 999, 1998]);
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(20, () => 0.5)).toBe(4000);
  });
});
