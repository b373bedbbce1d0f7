/**
 * A progress note as Markdown, for the CLI, the FHIR attachment and the README: the review banner first
 * when there is risk, then the session facts, the sections, the alliance summary and where it came from.
 * Each finding is followed by the turns it came from, so a reader can check it against the transcript; a
 * documentation gap has none to show. A note the engine could not write shows why, and its risk statements.
 */
import { NOTE_FORMAT_TITLES, type NoteSentence, type ProgressNote, type RiskStatement } from '../../../schemas/note.js';
import { riskLabel } from '../risk/labels.js';
import { participantLabels } from './participants.js';

const assessedWords = (r: RiskStatement) =>
  r.assessedInSession ? 'assessed in session' : r.followUpRequired === false ? 'assessed in session' : 'not fully assessed in session';

function cite(s: NoteSentence): string {
  return s.kind === 'gap' ? s.text : `${s.text} <sub>[${s.evidence.join(', ')}]</sub>`;
}

function paragraph(sentences: readonly NoteSentence[]): string {
  return sentences.map(cite).join(' ');
}

/** The note the engine could not write: why, what the session still has, and what the clinician must do. */
function renderUnavailable(note: ProgressNote, lines: string[]): string {
  const reason = note.unavailableReason;
  lines.push(
    `> **Note unavailable: review required.** ${reason ? `${reason.message} (${reason.code})` : 'No note could be written for this session.'} The session's scores and any risk statements are kept. A clinician must review the session and write this note by editing it; it cannot be signed until then.`,
    '',
  );
  if (note.riskStatements.length > 0) {
    lines.push(
      '## Risk statements',
      '',
      ...note.riskStatements.map((r) => `- ${riskLabel(r.type)} (${assessedWords(r)}): ${cite({ text: r.text, kind: 'finding', evidence: r.evidence })}`),
      '',
    );
  }
  const p = note.provenance;
  lines.push('---', '', `_No note was written by the ${p.engine} note engine ${p.engineVersion} at ${p.createdAt}._`, '');
  return lines.join('\n');
}

export function renderNoteMarkdown(note: ProgressNote): string {
  const lines: string[] = [`# Progress note (${NOTE_FORMAT_TITLES[note.format]}): ${note.status}`, ''];
  if (note.status === 'unavailable') return renderUnavailable(note, withFacts(note, lines));
  if (note.reviewRequired) {
    const n = note.riskStatements.length;
    const listed = note.riskStatements.map((r) => `${riskLabel(r.type)} (${assessedWords(r)})`).join('; ');
    const where = note.sections.find((s) => s.sentences.some((x) => note.riskStatements.some((r) => x.text.startsWith(r.text.slice(0, 40)))))?.name;
    lines.push(
      `> **Review required.** ${n} risk statement${n === 1 ? '' : 's'}: ${listed || 'see the note'}.${where ? ` Details are under ${where}.` : ''} A clinician must read this note and the cited turns before it is signed.`,
      '',
    );
  }
  withFacts(note, lines);
  for (const section of note.sections) lines.push(`## ${section.heading ?? section.name}`, '', paragraph(section.sentences), '');
  // A note stored before the supervision report may still carry an alliance summary: it is evaluation of the
  // therapist, so the chart's rendering leaves it out (GET /sessions/{id}/supervision has it).
  const p = note.provenance;
  lines.push(
    '---',
    '',
    `_Draft written by the ${p.engine} note engine ${p.engineVersion} (rubric ${p.rubricVersion}) at ${p.createdAt}. Bracketed ids are the transcript turns each sentence came from._`,
    '',
  );
  return lines.join('\n');
}

function withFacts(note: ProgressNote, lines: string[]): string[] {
  const f = note.sessionFacts;
  // Labels by role, worked out again here: a note stored before labels stopped being copied may hold a name.
  const who = participantLabels(f.participants.map((p) => p.role)).join(', ');
  lines.push(
    `**Date:** ${f.date ?? 'not recorded'} · **Duration:** ${f.durationMinutes === null ? 'untimed' : `${f.durationMinutes} min`} · **Turns:** ${f.turns} · **Participants:** ${who}`,
    '',
  );
  return lines;
}
