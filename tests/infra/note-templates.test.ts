/** The clinic's note templates from cdk.json context: validated at synth, given to GenerateNote alone. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { AttuneStack } from '../../lib/attune-stack.js';
import { AttuneConfigError, configFromContext, MAX_NOTE_TEMPLATES_BYTES } from '../../lib/config.js';
import { cdkJsonContext, synthStack } from './synth.js';

const TEMPLATES = {
  soap: {
    order: ['Assessment', 'Plan'],
    headings: { Subjective: 'Client report' },
    requiredLines: [
      { id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity', prompt: 'State why continued treatment is medically necessary.' },
    ],
  },
};

const fromContext = (context: Record<string, unknown>) => configFromContext(new App({ context: { ...cdkJsonContext, ...context } }).node);

/** Each function's environment, by the function's description ("Attune GenerateNote"). */
function environments(template: ReturnType<typeof synthStack>['template']): Record<string, Record<string, unknown>> {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
    Properties: { Description?: string; Environment?: { Variables?: Record<string, unknown> } };
  }[];
  return Object.fromEntries(
    functions
      .filter((f) => f.Properties.Description?.startsWith('Attune '))
      .map((f) => [f.Properties.Description!.slice(7), f.Properties.Environment?.Variables ?? {}]),
  );
}

describe('note templates in cdk.json context', () => {
  it('gives GenerateNote the validated templates as JSON, and no other function', () => {
    const { template } = synthStack({ context: { 'attune:noteTemplates': TEMPLATES } });

    const env = environments(template);
    expect(JSON.parse(env.GenerateNote!.NOTE_TEMPLATES as string)).toEqual(TEMPLATES);
    const others = Object.entries(env).filter(([name, vars]) => name !== 'GenerateNote' && 'NOTE_TEMPLATES' in vars);
    expect(others).toEqual([]);
  });

  it('sets nothing when the context leaves the templates empty', () => {
    const { template } = synthStack();

    expect(environments(template).GenerateNote).not.toHaveProperty('NOTE_TEMPLATES');
  });

  it('accepts the templates as JSON text, as `-c attune:noteTemplates=…` passes them', () => {
    expect(fromContext({ 'attune:noteTemplates': JSON.stringify(TEMPLATES) }).noteTemplates).toEqual(TEMPLATES);
  });

  it('fails the stack, naming the key and each problem with its path, on a bad template', () => {
    const context = { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], 'attune:noteTemplates': { soap: { order: ['Data'], colour: 'blue' } } };

    const attempt = () => new AttuneStack(new App({ context }), 'Attune');

    expect(attempt).toThrow(AttuneConfigError);
    expect(attempt).toThrow("cdk.json context 'attune:noteTemplates' is not a valid note template (docs/templates.md):");
    expect(attempt).toThrow("soap.order[0]: 'Data' is not a SOAP section: use Subjective, Objective, Assessment or Plan");
    expect(attempt).toThrow("soap: unknown key 'colour' in the SOAP template: use order, headings or requiredLines");
  });

  it("uses the templates' default format when attune:noteFormat is not set, and refuses two different formats", () => {
    expect(fromContext({ 'attune:noteFormat': '', 'attune:noteTemplates': { default: 'dap' } }).noteFormat).toBe('dap');
    expect(() => fromContext({ 'attune:noteFormat': 'soap', 'attune:noteTemplates': { default: 'dap' } })).toThrow(
      "cdk.json context 'attune:noteTemplates' names 'dap' as its default format, but cdk.json context 'attune:noteFormat' is 'soap'",
    );
  });

  it("refuses templates too large for the function's environment", () => {
    const prompt = 'Describe it. '.repeat(22).trim();
    const lines = Array.from({ length: 12 }, (_, i) => ({ id: `line-${i}`, section: 'Plan', label: `Line ${i}`, prompt }));

    expect(() => fromContext({ 'attune:noteTemplates': { soap: { requiredLines: lines } } })).toThrow(
      `at most ${MAX_NOTE_TEMPLATES_BYTES} fit in the note function's environment`,
    );
  });

  it('`cdk synth` stops with the message and no stack trace', () => {
    const context = {
      ...cdkJsonContext,
      'attune:noteTemplates': { dap: { requiredLines: [{ id: 'necessity', section: 'Subjective', label: 'Medical necessity' }] } },
    };

    const run = spawnSync(process.execPath, ['--import', 'tsx', join('bin', 'attune.ts')], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: join(import.meta.dirname, '..', '..', 'cdk.out', 'note-templates-test') },
      timeout: 60_000,
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Invalid Attune configuration:\ncdk.json context 'attune:noteTemplates' is not a valid note template");
    expect(run.stderr).toContain("dap.requiredLines[0].section: 'Subjective' is not a DAP section: use Data, Assessment or Plan");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
