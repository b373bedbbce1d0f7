/**
 * What of a session an export carries: the progress note, the chart about the client, and nothing that
 * evaluates the therapist. That evaluation (talk share, MITI counts, ruptures the therapist did or did not
 * repair, the alliance scores) lives in the supervision report, which is never exported: a client may
 * request their chart and a court may subpoena it.
 *
 * New notes carry no alliance summary. A note written before the supervision report existed may still
 * hold one (`allianceSummary`, and in a narrative note the same sentences inside its sections): an export
 * leaves those sentences out, from the Composition's sections and from the DocumentReference's markdown.
 */
import type { NoteSentence, ProgressNote } from '../../../schemas/note.js';

/** The heading the note's markdown gave the alliance summary. */
export const ALLIANCE_HEADING = 'Therapeutic alliance';

function evaluationTexts(note: ProgressNote): Set<string> {
  return new Set(note.allianceSummary.map((s) => s.text));
}

/** The note as a chart: no alliance summary, and no section sentence that repeats one. */
export function chartNote(note: ProgressNote): ProgressNote {
  const evaluation = evaluationTexts(note);
  if (evaluation.size === 0) return note;
  const keep = (s: NoteSentence) => !evaluation.has(s.text);
  return { ...note, allianceSummary: [], sections: note.sections.map((section) => ({ ...section, sentences: section.sentences.filter(keep) })) };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The rendered note without the alliance summary: its `## Therapeutic alliance` block, and each of its
 * sentences (with the turn citation the renderer puts after it) wherever a section repeated one.
 */
export function chartMarkdown(markdown: string, note: ProgressNote): string {
  const evaluation = [...evaluationTexts(note)];
  if (evaluation.length === 0) return markdown;
  const lines = markdown.split('\n');
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (heading) skipping = heading[2] === ALLIANCE_HEADING;
    if (!skipping) kept.push(line);
  }
  let text = kept.join('\n');
  for (const sentence of evaluation) text = text.replace(new RegExp(`[ \\t]*${escapeRegExp(sentence)}(?: <sub>\\[[^\\]]*\\]</sub>)?`, 'g'), '');
  return text.replace(/\n{3,}/g, '\n\n');
}
