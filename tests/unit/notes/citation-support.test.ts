/**
 * The citation check a reviewer can repeat by hand: a paraphrase is supported by the turn it cites, an
 * unrelated turn or a quote nobody said is not, and a documentation gap is never checked.
 */
import { describe, expect, it } from 'vitest';
import { citationSupport, quotedSpans, unsupportedSentences } from '../../../lambdas/core/notes/citation-support.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import type { NoteSentence, ProgressNote } from '../../../schemas/note.js';

const transcript = parseTranscript(
  [
    'Therapist: How did the walking go this week?',
    "Client: Um, I walked three times, actually, which I didn't think I'd manage. I'm kind of proud of that.",
    'Therapist: And your mood?',
    "Client: Honestly it's been, like, flat. I just don't wanna see anyone.",
    'Therapist: Shall we meet on Thursday again?',
    'Client: Sure. Same time.',
    'Therapist: You filled in the questionnaire in the waiting room. Your P H Q nine came out at twelve.',
  ].join('\n'),
);

const finding = (text: string, evidence: string[]): NoteSentence => ({ text, kind: 'finding', evidence });

describe('citationSupport', () => {
  it('supports a third-person paraphrase that shares a content word with the cited turn', () => {
    // Prepare
    const sentence = finding('Client reported walking on three occasions this week and feeling proud of it.', ['t0002']);

    // Act
    const verdict = citationSupport(sentence, transcript);

    // Assess
    expect(verdict).toEqual({ supported: true });
  });

  it('refuses a finding that cites an unrelated turn such as "Sure. Same time."', () => {
    const verdict = citationSupport(finding('Client described low mood and social withdrawal.', ['t0006']), transcript);

    expect(verdict.supported).toBe(false);
    expect(verdict.reason).toMatch(/content words/);
  });

  it('refuses a quote the cited turn does not hold, even when other words match', () => {
    const verdict = citationSupport(finding('Client described her mood as "completely hopeless".', ['t0004']), transcript);

    expect(verdict.supported).toBe(false);
    expect(verdict.reason).toContain('completely hopeless');
  });

  it('accepts a quote that differs from the turn only in case, contractions, fillers and punctuation', () => {
    const verdict = citationSupport(finding('Client said she "just doesn\'t want to see anyone": "I just do not want to see anyone".', ['t0004']), transcript);
    const exact = citationSupport(finding('Client described her mood as "flat" and said "I just don\'t wanna see anyone."', ['t0004']), transcript);

    expect(verdict.supported).toBe(false); // the first quote is the note's own words in quotation marks
    expect(exact).toEqual({ supported: true });
  });

  it('reads curly quotes and quotes elided with an ellipsis as their pieces', () => {
    expect(quotedSpans('She said \u201cI walked three times \u2026 kind of proud\u201d.')).toEqual(['I walked three times', 'kind of proud']);
    expect(citationSupport(finding('She said \u201cI walked three times \u2026 kind of proud\u201d.', ['t0002']), transcript)).toEqual({ supported: true });
  });

  it('matches a measure and its score to the way they were spoken', () => {
    expect(citationSupport(finding('PHQ-9: 12.', ['t0007']), transcript)).toEqual({ supported: true });
    expect(citationSupport(finding('GAD-7 was 9.', ['t0007']), transcript).supported).toBe(false);
  });

  it('never checks a documentation gap', () => {
    const gap: NoteSentence = { text: 'Homework: none identified in the transcript.', kind: 'gap', evidence: [] };

    expect(citationSupport(gap, transcript)).toEqual({ supported: true });
  });

  it('refuses a citation of a turn the transcript does not have', () => {
    const verdict = citationSupport(finding('Client walked three times.', ['t0099']), transcript);

    expect(verdict).toEqual({ supported: false, reason: 'cites turns the transcript does not have: t0099' });
  });

  it('lists the unsupported findings of a whole note, with where each sits', () => {
    // Prepare: a hand-made note with one good finding, one bad citation, one gap and one risk statement
    const note = {
      format: 'soap',
      status: 'draft',
      sessionFacts: { date: null, durationMinutes: null, participants: [], turns: 7 },
      sections: [
        { name: 'Subjective', sentences: [finding('Client walked three times.', ['t0002']), finding('Client described flat mood.', ['t0006'])] },
        { name: 'Plan', sentences: [{ text: 'Homework: none identified in the transcript.', kind: 'gap', evidence: [] }] },
      ],
      riskStatements: [],
      reviewRequired: false,
      homework: [],
      planForNextSession: [finding('Next session on Thursday.', ['t0005'])],
      allianceSummary: [],
      provenance: {
        engine: 'local',
        engineVersion: '0',
        modelId: null,
        rubricVersion: 'x',
        createdAt: '2026-09-08T18:00:00.000Z',
        status: 'ok',
        droppedEvidence: 0,
      },
    } as unknown as ProgressNote;

    // Act
    const unsupported = unsupportedSentences(note, transcript);

    // Assess
    expect(unsupported.map((u) => u.sentenceId)).toEqual(['Subjective[1]']);
  });
});

describe('a quote that opens a sentence after one ending in "you"', () => {
  it('is found: "…remembered you. Would you be willing…" is not read as "you\'d"', () => {
    const turns = parseTranscript(['Therapist: She remembered you. Would you be willing to ring her?', 'Client: Yes.'].join('\n'));
    expect(citationSupport(finding('Homework: "Would you be willing to ring her?".', ['t0001']), turns)).toEqual({ supported: true });
    // Within one sentence the contraction still reads either way.
    const one = parseTranscript(['Client: I said you would like it.', 'Therapist: Okay.'].join('\n'));
    expect(citationSupport(finding('Client said "you\'d like it".', ['t0001']), one)).toEqual({ supported: true });
  });
});
