import { readFileSync } from 'node:fs';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import type { NoteFormat, NoteSentence, ProgressNote } from '../../../schemas/note.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { inlineTranscript, root } from '../../helpers.js';

export const CREATED_AT = new Date('2026-09-08T18:00:00Z');

/** One of the four fictional Jordan sessions the project ships as samples. */
export function jordanSession(date: string): Transcript {
  return parseTranscript(readFileSync(`${root}samples/sessions/jordan/${date}.txt`), { filename: `${date}.txt` });
}

export function noteFor(transcript: Transcript, format: NoteFormat = 'soap', sessionDate: string | null = null): ProgressNote {
  return writeProgressNote({ transcript, analysis: analyzeTranscript(transcript), format, sessionDate, createdAt: CREATED_AT });
}

export function inlineNote(lines: string[], format: NoteFormat = 'soap'): { transcript: Transcript; note: ProgressNote } {
  const transcript = inlineTranscript(lines);
  return { transcript, note: noteFor(transcript, format) };
}

/** Every sentence the note carries, in sections and in its own fields; a risk statement is a finding. */
export function allSentences(note: ProgressNote): NoteSentence[] {
  const risks = note.riskStatements.map((r): NoteSentence => ({ text: r.text, kind: 'finding', evidence: r.evidence }));
  return [...note.sections.flatMap((s) => s.sentences), ...note.homework, ...note.planForNextSession, ...note.allianceSummary, ...risks];
}

/** The findings only: what must cite turns. */
export function findings(note: ProgressNote): NoteSentence[] {
  return allSentences(note).filter((s) => s.kind === 'finding');
}

export function noteText(note: ProgressNote): string {
  return allSentences(note)
    .map((s) => s.text)
    .join('\n');
}

export function turnIdWhere(transcript: Transcript, pattern: RegExp): string {
  const turn = transcript.turns.find((t) => pattern.test(t.text));
  if (!turn) throw new Error(`no turn matches ${pattern}`);
  return turn.id;
}

/** Text outside quotation marks: what the note says in its own voice. */
export function ownWords(text: string): string {
  return text.replace(/"[^"]*"/g, '""');
}

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’]/g, "'")
      .match(/[a-z0-9']+/g) ?? []
  );
}

/** Runs of `n` words a sentence shares with any turn: a note that copies a turn is not a note. */
export function copiedRuns(transcript: Transcript, text: string, n = 10): string[] {
  const grams = new Set<string>();
  for (const turn of transcript.turns) {
    const w = words(turn.text);
    for (let i = 0; i + n <= w.length; i++) grams.add(w.slice(i, i + n).join(' '));
  }
  const w = words(text);
  const runs: string[] = [];
  for (let i = 0; i + n <= w.length; i++) {
    const gram = w.slice(i, i + n).join(' ');
    if (grams.has(gram)) runs.push(gram);
  }
  return runs;
}
