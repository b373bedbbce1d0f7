/**
 * The FHIR exports carry the progress note alone: no supervision report content, no process metrics (talk
 * share, MITI counts) and no alliance summary sentence, in a DocumentReference's attachment or in a
 * Composition's sections, for notes the engine writes now and for notes stored before the supervision
 * report existed (which may still carry an alliance summary).
 */
import type * as fhir4 from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { chartMarkdown, toComposition, toDocumentReference, validateR4 } from '../../../lambdas/core/fhir/index.js';
import { renderNoteMarkdown, writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import { NoteFormatSchema, type NoteSentence, type ProgressNote } from '../../../schemas/note.js';
import type { SupervisionReport } from '../../../schemas/supervision.js';
import { fixtureTranscript } from '../../helpers.js';
import { makeNote } from './make-note.js';

const CREATED_AT = new Date('2026-09-08T18:00:00Z');

/** Words that evaluate the therapist or count their behaviour: the supervision report's, never the chart's. */
const EVALUATION =
  /\bMITI\b|reflections? per question|reflection-to-question|talk share|did most of the talking|spoke \d+% of the words|not heard assessing|did not address (?:a|the) rupture|complex reflections|alliance (?:appeared|was rated)|\/100\b/i;

/** Everything a reader of an export sees: the Composition's narrative, or the DocumentReference's decoded attachment. */
function exported(resource: fhir4.Composition | fhir4.DocumentReference): string {
  if (resource.resourceType === 'Composition') return JSON.stringify(resource);
  const data = resource.content[0]!.attachment.data!;
  return `${JSON.stringify(resource)}\n${Buffer.from(data, 'base64').toString('utf8')}`;
}

/** Every sentence of the supervision report that could leak: moments and the alliance summary. */
function supervisionSentences(report: SupervisionReport): string[] {
  return [
    ...report.moments.flatMap((m) => [m.what, m.whyItMatters, ...(m.alternative === null ? [] : [m.alternative])]),
    ...report.alliance.summary.map((s) => s.text),
    ...report.alliance.patterns.map((p) => p.description),
  ];
}

function exportsOf(note: ProgressNote): (fhir4.Composition | fhir4.DocumentReference)[] {
  return [toComposition(note), toDocumentReference(note, { markdown: renderNoteMarkdown(note) })];
}

const finding = (text: string, evidence: string[]): NoteSentence => ({ text, kind: 'finding', evidence });

describe('FHIR exports carry the chart, never the supervision report', () => {
  it.each(['rupture-unrepaired.txt', 'overemphasis-on-technique.txt', 'passive-ideation.txt', 'good-alliance.txt'])(
    "%s: no sentence of the session's supervision report, no metric, in any format",
    (name) => {
      // Prepare
      const transcript = fixtureTranscript(name);
      const analysis = analyzeTranscript(transcript);
      const supervision = writeSupervisionReport({ transcript, analysis, createdAt: CREATED_AT });
      const leaks = supervisionSentences(supervision);
      expect(leaks.length).toBeGreaterThan(0);

      for (const format of NoteFormatSchema.options) {
        // Act
        const note = writeProgressNote({ transcript, analysis, format, sessionDate: '2026-09-08', createdAt: CREATED_AT });
        const resources = exportsOf(note);

        // Assess
        for (const resource of resources) {
          expect(validateR4(resource)).toEqual([]);
          const text = exported(resource);
          for (const sentence of leaks) expect(text, `${format}: ${sentence}`).not.toContain(sentence);
          expect(text, format).not.toMatch(EVALUATION);
          expect(text).not.toMatch(/supervision|whyItMatters|alternative/i);
        }
      }
    },
  );

  const summary = [
    finding('The therapeutic alliance appeared mixed (52/100), weakest in therapeutic process at 40.', ['t0010']),
    finding('Therapist did most of the talking: Client spoke 28% of the words.', ['t0006']),
  ];
  const base = makeNote();
  const olderNotes: [string, ProgressNote][] = [
    ['in its own block', makeNote({ allianceSummary: summary })],
    [
      'repeated inside a section',
      makeNote({
        allianceSummary: summary,
        sections: base.sections.map((s) => (s.name === 'Assessment' ? { ...s, sentences: [...s.sentences, summary[0]!] } : s)),
      }),
    ],
  ];

  it.each(olderNotes)('leaves out the alliance summary an older stored note still carries (%s), from both resources', (_where, note) => {
    // Prepare: rendered as the note routes render it. The chart's rendering drops the summary's own block; a
    // narrative note from before still holds the same sentences inside its sections.
    const markdown = renderNoteMarkdown(note);
    expect(markdown).not.toContain('## Therapeutic alliance');

    // Act
    const composition = toComposition(note);
    const documentReference = toDocumentReference(note, { markdown });

    // Assess
    for (const resource of [composition, documentReference]) {
      expect(validateR4(resource)).toEqual([]);
      const text = exported(resource);
      for (const s of summary) expect(text).not.toContain(s.text);
      expect(text).not.toMatch(EVALUATION);
      expect(text).not.toContain('Therapeutic alliance');
    }
    // The chart itself is all there.
    const attachment = Buffer.from(documentReference.content[0]!.attachment.data!, 'base64').toString('utf8');
    for (const section of base.sections) for (const s of section.sentences) expect(attachment).toContain(s.text.slice(0, 20));
    expect(composition.section!.map((s) => s.title)).toEqual(expect.arrayContaining(['Subjective', 'Objective', 'Assessment', 'Plan', 'Homework']));
    expect(documentReference.content[0]!.attachment.size).toBe(Buffer.byteLength(attachment, 'utf8'));
  });

  it('passes a note without an alliance summary through unchanged', () => {
    const note = makeNote();
    const markdown = renderNoteMarkdown(note);
    expect(chartMarkdown(markdown, note)).toBe(markdown);
  });
});
