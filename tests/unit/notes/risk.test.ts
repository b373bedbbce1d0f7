import { describe, expect, it } from 'vitest';
import { findRiskStatements, renderNoteMarkdown } from '../../../lambdas/core/notes/index.js';
import { inlineTranscript } from '../../helpers.js';
import { inlineNote, jordanSession, noteFor, turnIdWhere } from './note-helpers.js';

describe('risk in the session with passive suicidal ideation', () => {
  // Prepare
  const transcript = jordanSession('2026-09-08');
  // Act
  const statements = findRiskStatements(transcript);
  const note = noteFor(transcript, 'soap', '2026-09-08');

  it('finds one suicidal-ideation statement, assessed in session, for clinician review', () => {
    expect(statements).toHaveLength(1);
    const [si] = statements;
    expect(si).toMatchObject({ type: 'suicidal_ideation', assessedInSession: true, requiresClinicianReview: true });
    expect(si!.text).toMatch(/^Client disclosed passive suicidal ideation \("sometimes everyone would be better off without me"/);
  });

  it('reports only what was asked and answered, citing the disclosure and the assessment', () => {
    const si = statements[0]!;
    expect(si.text).toContain('asked about a plan, intent, access to means and prior attempts; Client answered no to each');
    expect(si.text).toContain('A safety plan was developed in session');
    expect(si.evidence).toContain(turnIdWhere(transcript, /better off without me/));
    expect(si.evidence).toContain(turnIdWhere(transcript, /made any plan/));
    expect(si.evidence).toContain(turnIdWhere(transcript, /intention of acting/));
    expect(si.evidence).toContain(turnIdWhere(transcript, /stored medications/));
  });

  it('writes the statement into the Assessment and requires review', () => {
    expect(note.reviewRequired).toBe(true);
    expect(note.riskStatements).toEqual(statements);
    const assessment = note.sections.find((s) => s.name === 'Assessment')!.sentences.map((s) => s.text).join(' ');
    expect(assessment).toContain(statements[0]!.text);
  });

  it('writes it into Response for BIRP and GIRP, Assessment for DAP, and the summary of a narrative', () => {
    for (const [format, section] of [['birp', 'Response'], ['girp', 'Response'], ['dap', 'Assessment'], ['narrative', 'Summary']] as const) {
      const other = noteFor(transcript, format);
      const text = other.sections.find((s) => s.name === section)!.sentences.map((s) => s.text).join(' ');
      expect(text, format).toContain('Client disclosed passive suicidal ideation');
      expect(other.reviewRequired).toBe(true);
    }
  });

  it('does not count the safety-plan answers as presenting concerns', () => {
    const subjective = note.sections.find((s) => s.name === 'Subjective')!;
    const warningSigns = turnIdWhere(transcript, /Not sleeping two nights in a row/);
    for (const s of subjective.sentences.filter((x) => /^Client (?:reported|also described) /.test(x.text))) expect(s.evidence).not.toContain(warningSigns);
  });

  it('renders a review banner and the section headings in Markdown', () => {
    const markdown = renderNoteMarkdown(note);
    expect(markdown).toMatch(/^# Progress note \(SOAP\): draft/);
    expect(markdown).toMatch(/> \*\*Review required\.\*\* 1 risk statement: suicidal ideation \(assessed in session\)/);
    for (const heading of ['## Subjective', '## Objective', '## Assessment', '## Plan']) expect(markdown).toContain(heading);
  });
});

describe('risk in inline sessions', () => {
  it('finds self-harm', () => {
    const statements = findRiskStatements(inlineTranscript(['Therapist: How was the weekend?', 'Client: Bad. I cut myself on Saturday night.', 'Therapist: Thank you for telling me.']));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ type: 'self_harm', assessedInSession: false, evidence: ['t0002'] });
    expect(statements[0]!.text).toContain('No assessment of plan, intent or means was heard after the disclosure.');
  });

  it('finds harm to others and the assessment that followed', () => {
    const statements = findRiskStatements(
      inlineTranscript([
        'Therapist: What happened with your neighbour?',
        'Client: He parked across my drive again. Honestly I want to hurt him.',
        'Therapist: Have you made any plan to hurt him?',
        'Client: No, I would never actually do it.',
        'Therapist: Any intention of acting on that?',
        'Client: No.',
      ]),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ type: 'harm_to_others', assessedInSession: true, evidence: ['t0002', 't0003', 't0004', 't0005', 't0006'] });
    expect(statements[0]!.text).toContain('asked about a plan and intent; Client answered no to each');
  });

  it('finds passive ideation said in the last turn', () => {
    const statements = findRiskStatements(inlineTranscript(['Therapist: Same time next week?', 'Client: Sure. Some nights I just wish I could go to sleep and not wake up.']));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ type: 'suicidal_ideation', assessedInSession: false, evidence: ['t0002'] });
  });

  it('surfaces a last-turn disclosure in the note and its banner', () => {
    const { note } = inlineNote(['Therapist: Anything else before we stop?', 'Client: Only that I keep thinking everyone would be better off without me.']);
    expect(note.reviewRequired).toBe(true);
    expect(renderNoteMarkdown(note)).toContain('Review required');
  });

  it('ignores figures of speech', () => {
    const statements = findRiskStatements(
      inlineTranscript([
        'Therapist: How is work?',
        "Client: This job is killing me. I'd kill for a coffee right now.",
        "Therapist: And the weekend?",
        "Client: I'm dying to see my sister. My feet were killing me after the hike. I'd never hurt myself though.",
        "Therapist: And your brother?",
        "Client: I don't want to hurt her feelings by leaving early. I don't want to be here today, my wife made me come.",
      ]),
    );
    expect(statements).toEqual([]);
  });
});
