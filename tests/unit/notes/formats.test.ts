import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTE_SECTIONS, NoteFormatSchema } from '../../../schemas/note.js';
import { unsupportedSentences } from '../../../lambdas/core/notes/citation-support.js';
import { SECTION_WRITERS } from '../../../lambdas/core/notes/sections.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { fixtureTranscript } from '../../helpers.js';
import { allSentences, findings, inlineNote, jordanSession, noteFor, noteText } from './note-helpers.js';

const FORMATS = NoteFormatSchema.options;
const DEV = join(import.meta.dirname, '../../fixtures/notes/dev');

/** Every session the project ships for development: the samples, the engine fixtures and the notes dev set. */
const SHIPPED = [
  ...['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22'].map((d) => [`jordan ${d}`, jordanSession(d)] as const),
  ...[
    'client-resistance',
    'cultural-differences',
    'emotional-withdrawal',
    'good-alliance',
    'miscommunication',
    'overemphasis-on-technique',
    'poor-alliance',
    'passive-ideation',
    'rupture-repaired',
    'rupture-unrepaired',
    'therapist-burnout',
  ].map((f) => [f, fixtureTranscript(`${f}.txt`)] as const),
  ...readdirSync(DEV)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [`dev/${f}`, parseTranscript(readFileSync(join(DEV, f), 'utf8'))] as const),
];

/** Sentences that evaluate the therapist's work: the supervision report's, never the chart's. */
const EVALUATION =
  /talk(?:ed|ing)? (?:share|time)|\d+ ?% of (?:the )?(?:talk|words|turns)|did most of the talking|MITI|reflections? (?:to|per) questions?|reflection-to-question|(?:therapist|clinician) (?:was not heard|did not (?:address|explore|follow|assess|ask)|missed|failed|should have)|alliance (?:score|rating|appeared)/i;

describe.each(SHIPPED)('the note of %s', (_, transcript) => {
  it.each(FORMATS)('%s: the format’s sections, every finding supported by the turns it cites, nothing about the therapist’s performance', (format) => {
    const note = noteFor(transcript, format);

    expect(note.sections.map((s) => s.name)).toEqual([...NOTE_SECTIONS[format]]);
    // The citation check a reader can repeat: quotes are in the cited turns, and a paraphrase shares a content word with them.
    expect(unsupportedSentences(note, transcript)).toEqual([]);
    for (const s of allSentences(note)) {
      expect(s.text, s.text).not.toMatch(EVALUATION);
      expect(s.text, s.text).toMatch(/[.]$/);
    }
    expect(note.allianceSummary).toEqual([]);
  });
});

describe('words matched in their sense, with negation, time and whose they are', () => {
  it('does not chart work stress from "it didn’t work", nor smoking the client quit twenty years ago', () => {
    const { note } = inlineNote([
      'Therapist: How did the breathing exercises go?',
      "Client: Honestly, they didn't work. I tried them twice and nothing changed.",
      'Therapist: And the smoking you mentioned on the form?',
      "Client: Oh, I don't smoke. I quit twenty years ago. My brother still does.",
      'Therapist: What has been hardest this week?',
      "Client: Sleeping. I've been waking at four every morning and I can't get back to sleep.",
    ]);

    const text = noteText(note);
    expect(text).not.toMatch(/work stress|work-related/i);
    expect(text).not.toMatch(/substance|smok|tobacco|nicotine/i);
    expect(text).toMatch(/sleep difficulties/);
  });

  it('charts current smoking as current use, never as improvement', () => {
    const { note } = inlineNote([
      'Therapist: How much are you smoking at the moment?',
      "Client: Too much. I'm smoking 20, 30 a day since the redundancy.",
      'Therapist: That is a lot more than before.',
      'Client: It is. My mate stopped last year, fair play to him.',
    ]);

    const text = noteText(note);
    expect(text).toMatch(/substance use \(tobacco or nicotine\) \("I'm smoking 20, 30 a day/);
    expect(text).not.toMatch(/improv/i);
  });

  it('does not write "improved" for "not great"', () => {
    const { note } = inlineNote([
      'Therapist: How has the week been since we last met?',
      'Client: Not great, to be honest.',
      'Therapist: Tell me more.',
      'Client: Just flat. Every day the same.',
    ]);

    expect(noteText(note)).not.toMatch(/improv|better/i);
    expect(noteText(note)).toMatch(/"Not great, to be honest\."/);
  });
});

describe('what happened is written, what did not is a gap', () => {
  const SESSION = [
    'Therapist: Before we start, you filled in the PHQ-9 in the waiting room. It came out at 12 today, down from 16 three weeks ago.',
    "Client: That's good to hear. It does feel a bit lighter.",
    'Therapist: What would you like to be different by the end of our six sessions?',
    'Client: I want to be able to go to the shops on my own again, without my sister.',
    'Therapist: That sounds like a clear goal. Let us look at the thought that comes up at the shop door.',
    "Client: That everyone is staring at me and I'll panic.",
    'Therapist: What is the evidence that everyone is staring at you?',
    'Client: Well, nobody has ever said anything. I suppose most people are busy with their own shopping.',
    'Therapist: For homework this week, could you walk to the corner shop on Tuesday and Thursday and notice what people actually do?',
    "Client: Yes, I'll do it on Tuesday after work.",
    "Therapist: Great. I'll see you in a month, then.",
    'Client: See you then.',
  ];

  it.each(FORMATS.filter((f) => f !== 'narrative'))('%s: the measure with its change, the homework as set, the next appointment as said', (format) => {
    const { note } = inlineNote(SESSION, format);
    const text = noteText(note);

    expect(text).toMatch(/PHQ-9: 12\/27 today \(moderate range\), down from 16 three weeks ago/);
    expect(text).toMatch(/Homework \(set by the therapist[^)]*\): "For homework this week, could you walk to the corner shop/);
    expect(text).toMatch(/Client committed to it/);
    expect(text).toMatch(/Next appointment: in a month/);
    expect(text).not.toMatch(/next week|following week|no homework|none identified in the transcript\. Next/i);
    for (const s of findings(note)) expect(s.evidence.length).toBeGreaterThan(0);
  });

  it('puts the goal, in the client’s words, first in a GIRP note, and never says there were none', () => {
    const { note } = inlineNote(SESSION, 'girp');
    const goals = note.sections[0]!;

    expect(goals.name).toBe('Goals');
    expect(goals.sentences[0]!.text).toMatch(/^Goal set in Client’s words: "I want to be able to go to the shops on my own again/);
    expect(noteText(note)).not.toMatch(/no (?:treatment )?goals|goals: none/i);
  });

  it('names the intervention in the modality’s words and shows the therapist’s words', () => {
    const { note } = inlineNote(SESSION, 'birp');
    const intervention = note.sections
      .find((s) => s.name === 'Intervention')!
      .sentences.map((s) => s.text)
      .join(' ');

    expect(intervention).toMatch(/Examining the evidence[^:]*: "What is the evidence that everyone is staring at you\?"/);
  });
});

describe('every section of every format has a writer', () => {
  it.each(FORMATS)('%s', (format) => {
    expect(Object.keys(SECTION_WRITERS[format]).sort()).toEqual([...NOTE_SECTIONS[format]].sort());
  });
});
