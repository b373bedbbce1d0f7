import { describe, expect, it } from 'vitest';
import { NoteTemplateError, parseNoteTemplates } from '../../../schemas/note-template.js';

const SOURCE = '/clinic/note-templates.json';

/** The issues parseNoteTemplates reports, or a failure when it accepts the value. */
function issuesOf(value: unknown): { message: string; issues: readonly string[] } {
  try {
    parseNoteTemplates(value, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(NoteTemplateError);
    return { message: (error as Error).message, issues: (error as NoteTemplateError).issues };
  }
  throw new Error('the templates were accepted');
}

describe('parseNoteTemplates', () => {
  it("accepts a clinic's templates, as an object or as JSON text", () => {
    const value = {
      default: 'dap',
      soap: {
        order: ['Assessment', 'Subjective'],
        headings: { Subjective: 'Client report' },
        requiredLines: [
          { id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity', prompt: 'State why continued treatment is medically necessary.' },
        ],
      },
      dap: { headings: { Data: 'Session data' } },
    };

    expect(parseNoteTemplates(value, SOURCE)).toEqual(value);
    expect(parseNoteTemplates(JSON.stringify(value), SOURCE)).toEqual(value);
    expect(parseNoteTemplates({}, SOURCE)).toEqual({});
  });

  it('refuses a section the format does not have, listing the ones it has', () => {
    const { message, issues } = issuesOf({ soap: { order: ['Assessment', 'Data'] } });

    expect(message).toContain(SOURCE);
    expect(issues).toEqual([
      "soap.order[1]: 'Data' is not a SOAP section: use Subjective, Objective, Assessment or Plan (the format's own names; a heading renames one)",
    ]);
  });

  it('refuses a required line in a section the format does not have', () => {
    const { issues } = issuesOf({ birp: { requiredLines: [{ id: 'necessity', section: 'Assessment', label: 'Medical necessity' }] } });

    expect(issues).toEqual([
      expect.stringMatching(/^birp\.requiredLines\[0\]\.section: 'Assessment' is not a BIRP section: use Behavior, Intervention, Response or Plan/),
    ]);
  });

  it('refuses a section listed twice, and two lines with one id or one label', () => {
    const { issues } = issuesOf({
      soap: {
        order: ['Plan', 'Assessment', 'Plan'],
        requiredLines: [
          { id: 'necessity', section: 'Assessment', label: 'Medical necessity' },
          { id: 'necessity', section: 'Plan', label: 'medical necessity' },
        ],
      },
    });

    expect(issues).toEqual([
      'soap.order: Plan is listed more than once: list each section at most once',
      "soap.requiredLines: the id 'necessity' is used more than once: give each line its own id",
      "soap.requiredLines: the label 'medical necessity' is used more than once: give each line its own label",
    ]);
  });

  it('refuses unknown keys at every level, naming the keys allowed there', () => {
    const { issues } = issuesOf({
      soapp: {},
      soap: { sections: [], headings: { Subjektive: 'Client report' }, requiredLines: [{ id: 'x', section: 'Plan', label: 'X', required: true }] },
    });

    expect(issues).toEqual(
      expect.arrayContaining([
        "unknown key 'soapp' in the note templates: use default, soap, dap, birp, girp or narrative",
        "soap: unknown key 'sections' in the SOAP template: use order, headings or requiredLines",
        "soap.headings: unknown key 'Subjektive' in SOAP headings (keys are the format's section names): use Subjective, Objective, Assessment or Plan",
        "soap.requiredLines[0]: unknown key 'required' in a required line: use id, section, label or prompt",
      ]),
    );
    expect(issues).toHaveLength(4);
  });

  it('says what is wrong with an id, a label, a default and text that is not JSON', () => {
    expect(issuesOf({ default: 'essay' }).issues).toEqual(["default: 'essay' is not a note format: use soap, dap, birp, girp or narrative"]);
    expect(issuesOf({ soap: { requiredLines: [{ id: 'Medical Necessity', section: 'Plan', label: 'Necessity: payer' }] } }).issues).toEqual([
      "soap.requiredLines[0].id: must be lower-case letters, digits and single hyphens, e.g. 'medical-necessity'",
      'soap.requiredLines[0].label: must not contain ":" (the note writes "<label>: …")',
    ]);
    expect(issuesOf('{"soap": ').issues).toEqual([expect.stringMatching(/^is not JSON \(.+\): write one JSON object/)]);
    expect(issuesOf([]).issues).toEqual(['must be a JSON object with a key per note format (soap, dap, birp, girp, narrative), not a list']);
  });
});
