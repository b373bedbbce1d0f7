/**
 * Speaker labels that are names (issue 15, Low: "a speaker-label name copied into participants"): the
 * note names who took part by role, never by the label, in every format, in its Markdown rendering and in
 * an unavailable note; the analysis and the supervision report carry no label either.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { renderNoteMarkdown, unavailableNote, writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { participantLabels } from '../../../lambdas/core/notes/participants.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { NoteFormatSchema, type ProgressNote } from '../../../schemas/note.js';
import { root } from '../../helpers.js';
import { CREATED_AT } from './note-helpers.js';

/** Label words that must appear nowhere but in the transcript itself. */
const NAMES = /Okonkwo|Vance|Marisol|Quintero/i;

/** A shipped session with its "Therapist:" and "Client:" labels replaced by names, as many transcripts come. */
const named = parseTranscript(
  readFileSync(`${root}samples/sessions/jordan/2026-09-08.txt`, 'utf8')
    .replace(/^Therapist:/gm, 'Dr. Okonkwo-Vance:')
    .replace(/^Client:/gm, 'Marisol Quintero:'),
);
const analysis = analyzeTranscript(named);

describe('participants: by role, never by speaker label', () => {
  it('reads the named labels as the therapist and the client (the premise)', () => {
    expect(new Set(named.turns.map((t) => t.speaker))).toEqual(new Set(['Dr. Okonkwo-Vance', 'Marisol Quintero']));
    expect(new Set(named.turns.map((t) => t.role))).toEqual(new Set(['therapist', 'client']));
  });

  it.each(NoteFormatSchema.options)('a %s note names the participants by role and holds no label anywhere, rendered or not', (format) => {
    const note = writeProgressNote({ transcript: named, analysis, format, sessionDate: '2026-09-08', createdAt: CREATED_AT });

    expect(note.sessionFacts.participants).toEqual([
      { role: 'therapist', label: 'therapist' },
      { role: 'client', label: 'client' },
    ]);
    expect(JSON.stringify(note)).not.toMatch(NAMES);
    const markdown = renderNoteMarkdown(note);
    expect(markdown).not.toMatch(NAMES);
    expect(markdown).toContain('**Participants:** therapist, client');
  });

  it('an unavailable note holds no label either', () => {
    const note = unavailableNote({ transcript: named, format: 'soap', sessionDate: '2026-09-08', createdAt: CREATED_AT, risk: analysis.risk });

    expect(note.sessionFacts.participants.map((p) => p.label)).toEqual(['therapist', 'client']);
    expect(JSON.stringify(note)).not.toMatch(NAMES);
  });

  it('the stored analysis and the supervision report hold no label', () => {
    expect(JSON.stringify(analysis)).not.toMatch(NAMES);
    expect(JSON.stringify(writeSupervisionReport({ transcript: named, analysis, createdAt: CREATED_AT }))).not.toMatch(NAMES);
  });

  it('renders a note stored before this fix, whose labels are names, without them', () => {
    const note = writeProgressNote({ transcript: named, analysis, format: 'soap', sessionDate: null, createdAt: CREATED_AT });
    const stored: ProgressNote = {
      ...note,
      sessionFacts: {
        ...note.sessionFacts,
        participants: [
          { role: 'therapist', label: 'Dr. Okonkwo-Vance' },
          { role: 'client', label: 'Marisol Quintero' },
        ],
      },
    };

    expect(renderNoteMarkdown(stored)).not.toMatch(NAMES);
  });

  it('numbers a role that several speakers share, and calls a speaker of unknown role other-N', () => {
    expect(participantLabels(['therapist', 'client', 'client', 'unknown', 'unknown'])).toEqual(['therapist', 'client-1', 'client-2', 'other-1', 'other-2']);
    expect(participantLabels(['therapist', 'therapist', 'client'])).toEqual(['therapist-1', 'therapist-2', 'client']);
  });
});
