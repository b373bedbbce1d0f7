/**
 * Short sessions and sessions the alliance engine scores on what did not happen still get a note; what the
 * transcript does not hold is written as a documentation gap, which cites no turn; and a note that cannot
 * be written is an unavailable note that still carries the session's risk statements.
 */
import { describe, expect, it } from 'vitest';
import { toComposition, toDocumentReference } from '../../../lambdas/core/fhir/index.js';
import { renderNoteMarkdown, unavailableNote } from '../../../lambdas/core/notes/index.js';
import { ConflictError } from '../../../lambdas/core/errors.js';
import { NoteFormatSchema, ProgressNoteSchema, type ProgressNote } from '../../../schemas/note.js';
import { inlineTranscript } from '../../helpers.js';
import { allSentences, CREATED_AT, findings, noteFor } from './note-helpers.js';

const FORMATS = NoteFormatSchema.options;

/** A recovery check-in where the therapist mostly backchannels (after AnnoMI 040): no dimension quote for the framework. */
const RECOVERY = [
  'Client: Pretty good actually. Four months now.',
  'Therapist: Great.',
  'Client: Um, and—',
  'Therapist: Since the last time you drank, right?',
  'Client: Right.',
  'Therapist: Okay.',
  "Client: Right. It's been four months, and I've been doing pretty well.",
  'Therapist: Good.',
  'Client: And I joined a running group.',
  'Therapist: Nice.',
  'Client: So—',
  'Therapist: Last time we talked you were staying away from the bar crowd from work.',
  'Client: Right.',
  'Therapist: And how is that going for you?',
  "Client: It's been good. I haven't gone out with them when they asked-",
  'Therapist: Okay.',
  "Client: -and a couple of them kept texting me, and I didn't answer. It has been good for me to meet new people at the running group near where I live now.",
  'Therapist: So it sounds like you have made some real changes. New routine, new people, and new habits.',
  'Client: Yeah, and I have been using the breathing exercises you showed me when I start to feel stressed. I go for a run and do my breathing, and it calms me down and gets me through.',
  'Therapist: So it sounds like--',
];

/** Ambivalence about painkillers after a bereavement (after AnnoMI 073): starts mid-conversation, no goals, no plan. */
const BEREAVEMENT = [
  'Client: My cousin got me into it too, so I tried it.',
  'Therapist: So with his encouragement, you tried some pills.',
  'Client: Painkillers.',
  'Therapist: You tried painkillers? Okay.',
  'Client: Yeah.',
  'Therapist: Okay. And he encouraged you.',
  'Client: Well, yeah, he said it was for pain.',
  "Therapist: He said it would help with the pain you've been having.",
  'Client: Mm-hmm.',
  'Therapist: Yeah.',
  "Client: And it has, but I don't take it often, just sometimes.",
  'Therapist: Okay. So you trusted him and found it helped in some ways. What are some of the things it helps with?',
  "Client: Dealing with my grandpa's death.",
  "Therapist: Okay, so that's helped you.",
  'Client: Yeah. I feel alone, and I miss him, and it does help but-',
  'Therapist: Mm-hmm.',
  "Client: -I don't want to have to rely on it.",
  "Therapist: So it's not something you want to rely on. For now it has been helpful?",
  'Client: Mm-hmm. Yeah.',
  "Therapist: But it's not something you want to become dependent on?",
  'Client: Right.',
  "Therapist: And that's a lot going on for you right now?",
  'Client: Yeah, it is.',
  'Therapist: You have been managing as best you can. You also have some doubts about it, it sounds like?',
  "Client: Yeah, I don't really know much about it, other than it makes me feel better.",
  'Therapist: Okay, so for now you know it makes you feel better.',
];

/** Too short to rate, and the therapist only asks closed questions. */
const CLOSED_QUESTIONS = [
  'Therapist: Did you sleep?',
  'Client: No.',
  'Therapist: Did you eat?',
  'Client: A bit.',
  'Therapist: Are you working?',
  'Client: Yes.',
  'Therapist: Is it busy?',
  'Client: Very.',
];

const SESSIONS = {
  recovery: RECOVERY,
  bereavement: BEREAVEMENT,
  'closed questions only': CLOSED_QUESTIONS,
  'two turns': ['Therapist: How are you?', 'Client: Tired.'],
};

function expectHonestCitations(note: ProgressNote, turnIds: ReadonlySet<string>): void {
  for (const s of allSentences(note)) {
    if (s.kind === 'gap') expect(s.evidence, s.text).toEqual([]);
    else expect(s.evidence.length, s.text).toBeGreaterThan(0);
    for (const id of s.evidence) expect(turnIds.has(id), `${id} in "${s.text}"`).toBe(true);
  }
}

describe.each(Object.entries(SESSIONS))('a short session (%s)', (_, lines) => {
  it.each(FORMATS)('gets a valid %s note whose findings cite real turns and whose gaps cite none', (format) => {
    // Prepare
    const transcript = inlineTranscript(lines);

    // Act
    const note = noteFor(transcript, format);

    // Assess
    expect(ProgressNoteSchema.parse(note)).toEqual(note);
    expect(note.status).toBe('draft');
    expect(note.provenance.droppedEvidence).toBe(0);
    for (const section of note.sections) expect(section.sentences.length, section.name).toBeGreaterThan(0);
    expectHonestCitations(note, new Set(transcript.turns.map((t) => t.id)));
  });
});

describe('documentation gaps', () => {
  it('keeps evaluation of the therapist out of the chart: no alliance summary, talk share or coding counts', () => {
    for (const lines of [RECOVERY, CLOSED_QUESTIONS]) {
      const note = noteFor(inlineTranscript(lines), 'soap');

      expect(note.allianceSummary).toEqual([]);
      const text = allSentences(note)
        .map((s) => s.text)
        .join(' ');
      expect(text).not.toMatch(/talk(?:ed|ing)? (?:share|time)|% of|MITI|reflections? to questions|alliance|Therapist (?:was not heard|did not|did most)/i);
    }
  });

  it('writes what the session did not hold as gaps that cite nothing, never the last turn', () => {
    const transcript = inlineTranscript(BEREAVEMENT);
    const last = transcript.turns.at(-1)!.id;

    const note = noteFor(transcript, 'girp');

    const gaps = allSentences(note)
      .filter((s) => s.kind === 'gap')
      .map((s) => s.text);
    expect(gaps).toEqual(
      expect.arrayContaining([
        'Treatment goals: none stated or revisited in the transcript.',
        'Homework: none identified in the transcript.',
        'Next appointment: not stated in the transcript.',
      ]),
    );
    expect(
      allSentences(note)
        .filter((s) => s.kind === 'gap')
        .every((s) => s.evidence.length === 0),
    ).toBe(true);
    // Only findings that are about the last turn cite it.
    for (const s of findings(note).filter((x) => x.evidence.includes(last))) expect(s.text).not.toMatch(/^No |none|not (?:stated|identified)/);
  });

  it('writes the next session only as it was said, never a default', () => {
    const lines = [...BEREAVEMENT, 'Therapist: Thanks for coming in. See you next time.', 'Client: Okay, bye.'];

    const note = noteFor(inlineTranscript(lines), 'soap');

    const plan = note.planForNextSession;
    const said = lines.length; // the therapist's "See you next time." is the second-last line
    expect(plan.map((s) => s.text)).toContain('Next appointment: as said: "Thanks for coming in. See you next time", agreed by both.');
    expect(plan.find((s) => s.text.startsWith('Next appointment'))!.evidence).toContain(`t${String(said - 1).padStart(4, '0')}`);
    expect(plan.map((s) => s.text).join(' ')).not.toMatch(/following week|next week/);
  });

  it('renders gaps in Markdown without a citation, and findings with theirs', () => {
    const note = noteFor(inlineTranscript(BEREAVEMENT), 'soap');

    const markdown = renderNoteMarkdown(note);

    expect(markdown).toContain('Homework: none identified in the transcript. Next appointment: not stated in the transcript.\n');
    expect(markdown).not.toContain('<sub>[]</sub>');
    expect(markdown).toMatch(/<sub>\[t\d{4}/);
  });

  it('stored notes written before gaps existed still read, as findings', () => {
    // Prepare: a note as stored before sentences had a kind (they were all findings then).
    const written = noteFor(inlineTranscript(RECOVERY), 'soap');
    const stored = { ...written, homework: [{ text: 'Client agreed to go for a run twice this week.', evidence: ['t0019'] }] };
    const legacy = JSON.parse(JSON.stringify(stored, (key, value) => (key === 'kind' && value === 'finding' ? undefined : value))) as unknown;

    // Act
    const note = ProgressNoteSchema.parse(legacy);

    // Assess
    expect(note.homework).toEqual([{ text: 'Client agreed to go for a run twice this week.', kind: 'finding', evidence: ['t0019'] }]);
    expect(note.sections).toEqual(written.sections);
  });

  it('refuses a finding that cites nothing and a gap that cites a turn', () => {
    const note = noteFor(inlineTranscript(RECOVERY), 'soap');

    const uncited = ProgressNoteSchema.safeParse({ ...note, homework: [{ text: 'Client agreed to homework.', evidence: [] }] });
    const cited = ProgressNoteSchema.safeParse({
      ...note,
      homework: [{ text: 'Homework: none identified in the transcript.', kind: 'gap', evidence: ['t0001'] }],
    });

    expect(uncited.success).toBe(false);
    expect(uncited.error?.issues[0]?.path).toEqual(['homework', 0, 'evidence']);
    expect(cited.success).toBe(false);
  });
});

describe('an unavailable note', () => {
  const transcript = inlineTranscript([
    'Therapist: How has the week been?',
    'Client: Honestly, sometimes I wish I could go to sleep and not wake up.',
    'Therapist: Thank you for telling me. Can we talk about that?',
    'Client: Okay.',
  ]);
  const note = unavailableNote({ transcript, format: 'soap', sessionDate: '2026-09-08', createdAt: CREATED_AT });

  it('has no sections, a reason without session text, review required and the risk statements', () => {
    expect(ProgressNoteSchema.parse(note)).toEqual(note);
    expect(note).toMatchObject({ status: 'unavailable', sections: [], reviewRequired: true, unavailableReason: { code: 'note_unavailable' } });
    expect(note.unavailableReason!.message).not.toMatch(/sleep|wake/i);
    expect(note.riskStatements.length).toBeGreaterThan(0);
    expect(note.sessionFacts).toMatchObject({ date: '2026-09-08', turns: 4 });
  });

  it('must say why, and a written note must not carry a reason', () => {
    const { unavailableReason: _, ...withoutReason } = note;
    expect(ProgressNoteSchema.safeParse(withoutReason).success).toBe(false);
    expect(ProgressNoteSchema.safeParse({ ...noteFor(transcript), unavailableReason: note.unavailableReason }).success).toBe(false);
    expect(ProgressNoteSchema.safeParse({ ...noteFor(transcript), sections: [] }).success).toBe(false);
  });

  it('renders as a banner with its reason, review required, and the risk statements with their turns', () => {
    const markdown = renderNoteMarkdown(note);

    expect(markdown).toContain('# Progress note (SOAP): unavailable');
    expect(markdown).toMatch(
      /> \*\*Note unavailable: review required\.\*\* The note engine could not write a progress note for this session\. \(note_unavailable\)/,
    );
    expect(markdown).toContain('write this note by editing it');
    expect(markdown).toMatch(/## Risk statements\n\n- passive suicidal ideation \(.*\): .* <sub>\[t0002/);
  });

  it('is refused by the FHIR export with what to do', () => {
    for (const exportNote of [() => toDocumentReference(note, { markdown: renderNoteMarkdown(note) }), () => toComposition(note)]) {
      expect(exportNote).toThrow(ConflictError);
      expect(exportNote).toThrow(/unavailable.*write the note by editing it/);
    }
  });
});
