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
  const section = (n: typeof note, name: string) =>
    n.sections
      .find((s) => s.name === name)!
      .sentences.map((s) => s.text)
      .join(' ');

  it('finds one passive-ideation statement, assessed in session, for clinician review', () => {
    expect(statements).toHaveLength(1);
    const [si] = statements;
    expect(si).toMatchObject({ type: 'passive_ideation', assessedInSession: true, requiresClinicianReview: true, followUpRequired: false });
    expect(si!.text).toMatch(
      /^Client described passive suicidal ideation \("And then, I don't know, I started thinking sometimes everyone would be better off without me"; "It's more like, if I just disappeared, it would be less of a burden on people"\)/,
    );
  });

  it('says what was asked, citing the questions and the answers, and what was denied', () => {
    const si = statements[0]!;
    expect(si.text).toContain('Risk was assessed in session: questions covered');
    expect(si.text).toMatch(/When asked, Client denied [^.]*a plan[^.]*intent/);
    expect(si.evidence).toContain(turnIdWhere(transcript, /better off without me/));
    expect(si.evidence).toContain(turnIdWhere(transcript, /made any plan/));
    expect(si.evidence).toContain(turnIdWhere(transcript, /intention of acting/));
    expect(si.evidence).toContain(turnIdWhere(transcript, /stored medications/));
  });

  it("puts the client's words in Subjective, the finding in Assessment, and requires review", () => {
    expect(note.reviewRequired).toBe(true);
    expect(note.riskStatements).toEqual(statements);
    expect(section(note, 'Subjective')).toMatch(/^Client described passive suicidal ideation/);
    expect(section(note, 'Assessment')).toMatch(/^Risk: passive suicidal ideation \("[^"]+"\) \(triage level low, C-SSRS ideation level 1\)/);
    // Assessed in full: no follow-up item in the Plan.
    expect(section(note, 'Plan')).not.toContain('Risk follow-up required');
  });

  it('writes it into every format: Data and Assessment for DAP, Behavior and Response for BIRP, Response for GIRP, the narrative summary', () => {
    for (const [format, name] of [
      ['dap', 'Data'],
      ['dap', 'Assessment'],
      ['birp', 'Behavior'],
      ['birp', 'Response'],
      ['girp', 'Response'],
      ['narrative', 'Summary'],
    ] as const) {
      const other = noteFor(transcript, format);
      expect(section(other, name), `${format} ${name}`).toContain('passive suicidal ideation');
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
    expect(markdown).toMatch(/> \*\*Review required\.\*\* 1 risk statement: passive suicidal ideation \(assessed in session\)/);
    for (const heading of ['## Subjective', '## Objective', '## Assessment', '## Plan']) expect(markdown).toContain(heading);
  });
});

describe('risk in inline sessions', () => {
  it('finds self-injury, and writes a follow-up item and the unasked questions as a gap', () => {
    // Prepare
    const turns = ['Therapist: How was the weekend?', 'Client: Bad. I cut myself on Saturday night.', 'Therapist: Thank you for telling me.'];
    // Act
    const statements = findRiskStatements(inlineTranscript(turns));
    const { note } = inlineNote(turns);
    // Assess
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ type: 'self_injury', assessedInSession: false, followUpRequired: true, evidence: ['t0002'] });
    const assessment = note.sections.find((s) => s.name === 'Assessment')!.sentences;
    const gapLine = assessment.find((s) => s.text.startsWith('Assessment of non-suicidal self-injury'));
    expect(gapLine).toMatchObject({ kind: 'gap', evidence: [] });
    const plan = note.sections.find((s) => s.name === 'Plan')!.sentences;
    expect(plan[0]).toMatchObject({
      text: 'Risk follow-up required: non-suicidal self-injury ("I cut myself on Saturday night") was not assessed in this session.',
      evidence: ['t0002'],
    });
  });

  it('finds harm to others and the assessment that followed, with the denials as answered', () => {
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
    // The denial is written with the client's own answer, so a reader sees what it rests on.
    expect(statements[0]!.text).toContain('When asked, Client denied a plan and intent ("No, I would never actually do it").');
  });

  it('never counts a question about the weekend or tablets as an assessment', () => {
    const statements = findRiskStatements(
      inlineTranscript([
        'Therapist: How have you been?',
        'Client: Honestly some nights I wish I could go to sleep and not wake up.',
        'Therapist: I hear you. Any plans for the weekend?',
        'Client: Not really.',
        'Therapist: Are you taking your tablets as prescribed?',
        'Client: Mostly.',
      ]),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ type: 'passive_ideation', assessedInSession: false, followUpRequired: true, evidence: ['t0002'] });
  });

  it('finds passive ideation said in the last turn', () => {
    const statements = findRiskStatements(
      inlineTranscript(['Therapist: Same time next week?', 'Client: Sure. Some nights I just wish I could go to sleep and not wake up.']),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ type: 'passive_ideation', assessedInSession: false, evidence: ['t0002'] });
  });

  it('surfaces a last-turn disclosure in the note and its banner', () => {
    const { note } = inlineNote(['Therapist: Anything else before we stop?', 'Client: Only that I keep thinking everyone would be better off without me.']);
    expect(note.reviewRequired).toBe(true);
    expect(renderNoteMarkdown(note)).toContain('Review required');
  });

  it('ignores figures of speech and denials', () => {
    const statements = findRiskStatements(
      inlineTranscript([
        'Therapist: How is work?',
        "Client: This job is killing me. I'd kill for a coffee right now.",
        'Therapist: And the weekend?',
        "Client: I'm dying to see my sister. My feet were killing me after the hike. I'd never hurt myself though.",
        'Therapist: And your brother?',
        "Client: I don't want to hurt her feelings by leaving early. I don't want to be here today, my wife made me come.",
      ]),
    );
    expect(statements).toEqual([]);
  });
});
