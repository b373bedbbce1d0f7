import { describe, expect, it } from 'vitest';
import { applyTemplate, placeholderFor, unfilledLines } from '../../../lambdas/core/notes/template.js';
import { NOTE_SECTIONS, ProgressNoteSchema, type ProgressNote } from '../../../schemas/note.js';
import { parseNoteTemplates, type NoteTemplates } from '../../../schemas/note-template.js';
import { fixtureTranscript } from '../../helpers.js';
import { jordanSession, noteFor } from './note-helpers.js';

const MEDICAL_NECESSITY = {
  id: 'medical-necessity',
  section: 'Assessment',
  label: 'Medical necessity',
  prompt: 'State why continued treatment is medically necessary.',
} as const;

const CLINIC: NoteTemplates = parseNoteTemplates(
  {
    soap: {
      order: ['Assessment', 'Plan'],
      headings: { Subjective: 'Client report', Assessment: 'Clinical assessment' },
      requiredLines: [MEDICAL_NECESSITY, { id: 'cpt-code', section: 'Plan', label: 'Service code' }],
    },
  },
  'test templates',
);

/** A note whose session disclosed passive suicidal ideation: the risk sentence leads its section. */
const riskNote = (): ProgressNote => noteFor(jordanSession('2026-09-08'), 'soap', '2026-09-08');

describe('applyTemplate', () => {
  it("puts the sections in the clinic's order, the ones it leaves out after them in the format's order", () => {
    const note = noteFor(fixtureTranscript('good-alliance.txt'));

    const templated = applyTemplate(note, CLINIC);

    expect(templated.sections.map((s) => s.name)).toEqual(['Assessment', 'Plan', 'Subjective', 'Objective']);
  });

  it("shows the clinic's headings and keeps each section's format name", () => {
    const templated = applyTemplate(noteFor(fixtureTranscript('good-alliance.txt')), CLINIC);

    const byName = Object.fromEntries(templated.sections.map((s) => [s.name, s.heading]));
    expect(byName).toEqual({ Assessment: 'Clinical assessment', Plan: undefined, Subjective: 'Client report', Objective: undefined });
  });

  it('adds each required line to the end of its section as a gap the clinician completes, citing nothing', () => {
    const note = noteFor(fixtureTranscript('good-alliance.txt'));

    const templated = applyTemplate(note, CLINIC);

    const assessment = templated.sections.find((s) => s.name === 'Assessment')!;
    expect(assessment.sentences.at(-1)).toEqual({
      text: 'Medical necessity: to be completed by the clinician. State why continued treatment is medically necessary.',
      kind: 'gap',
      evidence: [],
    });
    expect(templated.sections.find((s) => s.name === 'Plan')!.sentences.at(-1)).toEqual({
      text: 'Service code: to be completed by the clinician.',
      kind: 'gap',
      evidence: [],
    });
    // Everything the engine wrote is still there, in its order, before the line.
    expect(assessment.sentences.slice(0, -1)).toEqual(note.sections.find((s) => s.name === 'Assessment')!.sentences);
    expect(unfilledLines(templated).map((l) => l.id)).toEqual(['medical-necessity', 'cpt-code']);
  });

  it('keeps the note schema-valid and gives the same note when applied twice', () => {
    const once = applyTemplate(riskNote(), CLINIC);

    const twice = applyTemplate(once, CLINIC);

    expect(ProgressNoteSchema.parse(once)).toEqual(once);
    expect(twice).toEqual(once);
  });

  it('leaves the risk sentences at the top of their sections', () => {
    const note = riskNote();
    const risky = note.sections.filter((s) => note.riskStatements.some((r) => s.sentences[0]?.text.startsWith(r.text.slice(0, 40))));
    expect(risky.length).toBeGreaterThan(0);
    const everywhere = parseNoteTemplates(
      {
        soap: {
          order: ['Plan', 'Objective', 'Assessment', 'Subjective'],
          requiredLines: NOTE_SECTIONS.soap.map((section, i) => ({ id: `line-${i}`, section, label: `Line ${i}` })),
        },
      },
      'test templates',
    );

    const templated = applyTemplate(note, everywhere);

    for (const section of risky) {
      expect(templated.sections.find((s) => s.name === section.name)!.sentences[0]).toEqual(section.sentences[0]);
    }
  });

  it('counts a line as written once its section has "<label>: …" other than the gap', () => {
    const templated = applyTemplate(noteFor(fixtureTranscript('good-alliance.txt')), CLINIC);
    const write = (text: string): ProgressNote => ({
      ...templated,
      sections: templated.sections.map((s) =>
        s.name === 'Assessment' ? { ...s, sentences: s.sentences.map((x) => (x.text === placeholderFor(MEDICAL_NECESSITY) ? { ...x, text } : x)) } : s,
      ),
    });

    expect(unfilledLines(write('medical necessity: Continued weekly sessions are needed to consolidate gains.')).map((l) => l.id)).toEqual(['cpt-code']);
    expect(unfilledLines(write('Medical necessity:')).map((l) => l.id)).toEqual(['medical-necessity', 'cpt-code']);
    expect(unfilledLines(write('Continued weekly sessions are needed.')).map((l) => l.id)).toEqual(['medical-necessity', 'cpt-code']);
  });

  it('does not add a line the clinician already wrote when applied again', () => {
    const templated = applyTemplate(noteFor(fixtureTranscript('good-alliance.txt')), CLINIC);
    const written: ProgressNote = {
      ...templated,
      sections: templated.sections.map((s) =>
        s.name === 'Assessment'
          ? { ...s, sentences: [...s.sentences.slice(0, -1), { text: 'Medical necessity: symptoms persist.', kind: 'gap', evidence: [] }] }
          : s,
      ),
    };

    const again = applyTemplate(written, CLINIC);

    expect(again.sections.find((s) => s.name === 'Assessment')!.sentences.filter((s) => s.text.startsWith('Medical necessity'))).toHaveLength(1);
  });

  it('returns the note unchanged when the clinic has no template for its format', () => {
    const note = noteFor(fixtureTranscript('good-alliance.txt'), 'dap');

    expect(applyTemplate(note, CLINIC)).toBe(note);
    expect(applyTemplate(note, null)).toBe(note);
    expect(unfilledLines(note)).toEqual([]);
  });
});
