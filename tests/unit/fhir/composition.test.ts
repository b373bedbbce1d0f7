import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../lambdas/core/errors.js';
import { RISK_SECTION_TITLE, toComposition, validateR4 } from '../../../lambdas/core/fhir/index.js';
import { makeNote, SCRIPT_SENTENCE } from './make-note.js';

const NAMESPACED_DIV = /^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml">[\s\S]*<\/div>$/;

describe('a note as a Composition', () => {
  it('has one section per note section, in order, after the risk statements', () => {
    // Prepare
    const note = makeNote();

    // Act
    const composition = toComposition(note);

    // Assess
    const titles = composition.section?.map((s) => s.title);
    expect(titles).toEqual([RISK_SECTION_TITLE, 'Subjective', 'Objective', 'Assessment', 'Plan', 'Homework']);
    expect(composition.section?.[1]?.code?.coding?.[0]?.code).toBe('61150-9');
    expect(composition.section?.[3]?.text?.div).toContain('Low mood persists; engagement is good.');
    for (const section of composition.section ?? []) expect(section.text?.div).toMatch(NAMESPACED_DIV);
    expect(validateR4(composition)).toEqual([]);
  });

  it('shows every risk statement and whether it was assessed in session', () => {
    const composition = toComposition(makeNote());

    const risk = composition.section?.[0]?.text?.div ?? '';
    expect(risk).toContain('Passive suicidal ideation');
    expect(risk).toContain('Client reported passive thoughts that &quot;things would be easier if I weren&#39;t here&quot;.');
    expect(risk).toContain('(assessed in session)');
  });

  it('escapes markup in a sentence instead of letting it run', () => {
    const composition = toComposition(makeNote());

    const subjective = composition.section?.find((s) => s.title === 'Subjective')?.text?.div ?? '';
    expect(subjective).not.toContain('<script');
    expect(subjective).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(subjective).toContain(' &amp; laughed');
    expect(subjective).toContain('café — naïve');
    expect(SCRIPT_SENTENCE).toContain('<script>');
  });

  it('is preliminary while a draft and final once signed, with the engine as author unless told otherwise', () => {
    const draft = toComposition(makeNote());
    const signed = toComposition(makeNote({ status: 'final' }), { author: { reference: 'Practitioner/dr-9' } });

    expect(draft.status).toBe('preliminary');
    expect(draft.author).toEqual([{ type: 'Device', display: 'Attune local engine 0.1.0' }]);
    expect(draft.title).toBe('SOAP progress note — 2024-05-02');
    expect(draft.confidentiality).toBe('R');
    expect(draft.date).toBe('2024-05-02T15:04:05.000Z');
    expect(signed.status).toBe('final');
    expect(signed.author).toEqual([{ reference: 'Practitioner/dr-9' }]);
    expect(validateR4(signed)).toEqual([]);
  });

  it('says why a section is empty, and has no risk section when nothing was said about risk', () => {
    const base = makeNote();
    const note = makeNote({
      riskStatements: [],
      reviewRequired: false,
      sections: [...base.sections.slice(0, 3), { name: 'Plan', sentences: [] }],
    });

    const composition = toComposition(note);

    const plan = composition.section?.find((s) => s.title === 'Plan');
    expect(composition.section?.map((s) => s.title)).not.toContain(RISK_SECTION_TITLE);
    expect(plan?.emptyReason?.coding?.[0]?.code).toBe('nilknown');
    expect(plan?.text?.div).toContain('Nothing recorded.');
    expect(composition.meta?.tag?.map((c) => c.code)).not.toContain('clinician-review-required');
    expect(validateR4(composition)).toEqual([]);
  });

  it('writes a documentation gap as plain text with no reference, and a section of gaps only as empty', () => {
    const base = makeNote();
    const note = makeNote({
      sections: [
        ...base.sections.slice(0, 3),
        { name: 'Plan', sentences: [{ text: 'Homework: none identified in the transcript.', kind: 'gap', evidence: [] }] },
      ],
      homework: [{ text: 'Homework: none identified in the transcript.', kind: 'gap', evidence: [] }],
    });

    const composition = toComposition(note);

    const plan = composition.section?.find((s) => s.title === 'Plan');
    expect(plan?.text?.div).toContain('<p>Homework: none identified in the transcript.</p>');
    expect(plan?.emptyReason?.coding?.[0]?.code).toBe('nilknown');
    expect(plan?.entry).toBeUndefined();
    expect(composition.section?.find((s) => s.title === 'Subjective')?.emptyReason).toBeUndefined();
    expect(validateR4(composition)).toEqual([]);
  });

  it('refuses an unavailable note, saying to write it first', () => {
    const note = makeNote({
      status: 'unavailable',
      unavailableReason: { code: 'note_unavailable', message: 'The note engine could not write a progress note for this session.' },
      sections: [],
    });

    expect(() => toComposition(note)).toThrow(ConflictError);
    expect(() => toComposition(note)).toThrow(/unavailable \(note_unavailable\).*A clinician must write the note by editing it, then export it\./);
  });
});
