/**
 * Test helper: a schema-valid SOAP progress note written by hand (4 sections, one risk statement),
 * and a markdown rendering of it, so the FHIR tests depend on neither the note engine nor a model.
 */
import { ProgressNoteSchema, type ProgressNote } from '../../../schemas/note.js';

export const SCRIPT_SENTENCE = 'Client typed "<script>alert(1)</script>" & laughed about it.';

export function makeNote(overrides: Partial<ProgressNote> = {}): ProgressNote {
  return ProgressNoteSchema.parse({
    format: 'soap',
    status: 'draft',
    sessionFacts: {
      date: '2024-05-02',
      durationMinutes: 50,
      participants: [
        { role: 'therapist', label: 'Therapist' },
        { role: 'client', label: 'Client' },
      ],
      turns: 42,
    },
    sections: [
      {
        name: 'Subjective',
        sentences: [
          { text: 'Client reported feeling "stuck" at work since the café — naïve hope, she said — closed.', evidence: ['t0002'] },
          { text: SCRIPT_SENTENCE, evidence: ['t0004'] },
        ],
      },
      { name: 'Objective', sentences: [{ text: 'Client spoke at length and made eye contact.', evidence: ['t0006'] }] },
      { name: 'Assessment', sentences: [{ text: 'Low mood persists; engagement is good.', evidence: ['t0010', 't0012'] }] },
      { name: 'Plan', sentences: [{ text: 'Continue weekly behavioural activation.', evidence: ['t0040'] }] },
    ],
    riskStatements: [
      {
        type: 'passive_ideation',
        text: 'Client reported passive thoughts that "things would be easier if I weren\'t here".',
        evidence: ['t0020'],
        assessedInSession: true,
        requiresClinicianReview: true,
      },
    ],
    reviewRequired: true,
    homework: [{ text: 'Schedule two pleasant activities.', evidence: ['t0038'] }],
    planForNextSession: [],
    allianceSummary: [],
    provenance: {
      engine: 'local',
      engineVersion: '0.1.0',
      modelId: null,
      rubricVersion: 'rubric-3f2a9c',
      createdAt: '2024-05-02T15:04:05.000Z',
      status: 'ok',
    },
    ...overrides,
  });
}

export function makeMarkdown(note: ProgressNote): string {
  const lines = ['# SOAP progress note (draft)', ''];
  for (const section of note.sections) {
    lines.push(`## ${section.name}`, '', ...section.sentences.map((s) => `${s.text} [${s.evidence.join(', ')}]`), '');
  }
  for (const risk of note.riskStatements) lines.push(`> **Risk (${risk.type})**: ${risk.text}`);
  return `${lines.join('\n')}\n`;
}
